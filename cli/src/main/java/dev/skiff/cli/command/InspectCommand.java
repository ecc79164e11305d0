package dev.skiff.cli.command;

import dev.skiff.cli.output.InspectOutput;
import dev.skiff.runtime.SkiffException;
import dev.skiff.runtime.container.ContainerDir;
import dev.skiff.runtime.container.ContainerInspector;
import dev.skiff.runtime.container.Containers;
import dev.skiff.runtime.image.ImageStore;
import dev.skiff.runtime.image.StoredImage;
import dev.skiff.runtime.storage.StorePaths;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `skiff inspect`: containers or images by name or id, as podman's JSON or through --format. */
@Command(name = "inspect", description = "Display the configuration of containers or images")
public final class InspectCommand implements Callable<Integer> {
    @Option(names = "--help", usageHelp = true, description = "Show this help and exit")
    boolean help;

    @Option(names = {"-f", "--format"}, paramLabel = "TEMPLATE",
            description = "Print each object through a Go template such as '{{.State.ExitCode}}' or '{{.Id}}'")
    String format;

    @Option(names = {"-t", "--type"}, paramLabel = "TYPE", defaultValue = "all",
            description = "What NAME is: container, image or all")
    String type;

    @Parameters(arity = "1..*", paramLabel = "NAME", description = "Names or IDs of containers or images")
    List<String> names = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (!List.of("all", "container", "image").contains(type)) {
            throw new SkiffException("--type `" + type + "`: must be container, image or all");
        }
        PrintWriter out = spec.commandLine().getOut();
        StorePaths paths = StorePaths.forCurrentUser();
        Containers containers = new Containers(paths);
        ImageStore images = new ImageStore(paths);
        List<Map<String, Object>> found = new ArrayList<>();
        String missing = null;
        for (String name : names) {
            Optional<Map<String, Object>> m = type.equals("image") ? Optional.empty() : container(containers, name);
            if (m.isEmpty() && !type.equals("container")) {
                Optional<StoredImage> image = images.resolve(name);
                m = image.map(images::inspect);
            }
            if (m.isPresent()) {
                found.add(m.get());
            } else if (missing == null) {
                missing = name;
            }
        }
        InspectOutput.print(out, found, format);
        if (missing != null) {
            throw new SkiffException("no such object: \"" + missing + "\"");
        }
        return 0;
    }

    private static Optional<Map<String, Object>> container(Containers containers, String name) {
        try {
            ContainerDir c = containers.find(name);
            return Optional.of(ContainerInspector.inspect(c));
        } catch (SkiffException e) {
            return Optional.empty();
        }
    }
}

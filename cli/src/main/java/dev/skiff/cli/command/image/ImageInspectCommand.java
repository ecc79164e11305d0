package dev.skiff.cli.command.image;

import dev.skiff.cli.output.InspectOutput;
import dev.skiff.runtime.SkiffException;
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

/** `skiff image inspect`: an image's details as JSON shaped like Podman's, or through --format. */
@Command(name = "inspect",
        description = "Display the configuration of one or more images",
        sortOptions = false)
public final class ImageInspectCommand implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit")
    boolean help;

    @Option(names = {"-f", "--format"}, paramLabel = "TEMPLATE",
            description = "Print each image through a Go template such as '{{.Id}}' or '{{json .Config}}'")
    String format;

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Names or ids of images")
    List<String> images = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ImageStore store = new ImageStore(StorePaths.forCurrentUser());
        List<Map<String, Object>> found = new ArrayList<>();
        String missing = null;
        for (String name : images) {
            Optional<StoredImage> image = store.resolve(name);
            if (image.isPresent()) {
                found.add(store.inspect(image.get()));
            } else if (missing == null) {
                missing = name;
            }
        }
        InspectOutput.print(out, found, format);
        if (missing != null) {
            throw new SkiffException("inspecting object: " + missing + ": image not known");
        }
        return 0;
    }
}

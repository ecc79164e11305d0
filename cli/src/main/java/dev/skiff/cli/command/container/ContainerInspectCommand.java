package dev.skiff.cli.command.container;

import dev.skiff.cli.output.InspectOutput;
import dev.skiff.runtime.SkiffException;
import dev.skiff.runtime.container.ContainerInspector;
import dev.skiff.runtime.container.Containers;
import dev.skiff.runtime.storage.StorePaths;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `skiff container inspect`: a container's details as JSON shaped like podman's, or through --format. */
@Command(name = "inspect", description = "Display the configuration of one or more containers")
public final class ContainerInspectCommand implements Callable<Integer> {
    @Option(names = "--help", usageHelp = true, description = "Show this help and exit")
    boolean help;

    @Option(names = {"-f", "--format"}, paramLabel = "TEMPLATE",
            description = "Print each container through a Go template such as '{{.State.ExitCode}}'")
    String format;

    @Parameters(arity = "1..*", paramLabel = "CONTAINER", description = "Names or IDs of containers")
    List<String> names = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Containers containers = new Containers(StorePaths.forCurrentUser());
        List<Map<String, Object>> found = new ArrayList<>();
        SkiffException missing = null;
        for (String name : names) {
            try {
                found.add(ContainerInspector.inspect(containers.find(name)));
            } catch (SkiffException e) {
                missing = missing == null ? e : missing;
            }
        }
        InspectOutput.print(out, found, format);
        if (missing != null) {
            throw missing;
        }
        return 0;
    }
}

package dev.skiff.cli.command.container;

import dev.skiff.runtime.container.ContainerDir;
import dev.skiff.runtime.container.ContainerRunner;
import dev.skiff.runtime.container.Containers;
import dev.skiff.runtime.image.ImageStore;
import dev.skiff.runtime.storage.StorePaths;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `skiff restart`: stop (when running) and start again. */
@Command(name = "restart", description = "Restart one or more containers")
public final class RestartCommand implements Callable<Integer> {
    @Option(names = "--help", usageHelp = true, description = "Show this help and exit")
    boolean help;

    @Option(names = {"-t", "--time"}, paramLabel = "SECONDS", defaultValue = "10",
            description = "Seconds to wait for the container to stop before killing it")
    int seconds;

    @Parameters(arity = "1..*", paramLabel = "CONTAINER", description = "Names or IDs of containers")
    List<String> names = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        StorePaths paths = StorePaths.forCurrentUser();
        Containers containers = new Containers(paths);
        ContainerRunner runner = new ContainerRunner(paths, new ImageStore(paths));
        for (String name : names) {
            ContainerDir c = containers.find(name);
            containers.stop(c, Duration.ofSeconds(Math.max(0, seconds)));
            int code = runner.start(c);
            if (code != 0) {
                return code;
            }
            out.println(c.id());
            out.flush();
        }
        return 0;
    }
}

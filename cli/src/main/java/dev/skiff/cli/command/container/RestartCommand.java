package dev.skiff.cli.command.container;

import dev.skiff.runtime.container.ContainerDir;
import dev.skiff.runtime.container.ContainerRunner;
import dev.skiff.runtime.container.Containers;
import dev.skiff.runtime.image.ImageStore;
import dev.skiff.runtime.storage.StorePaths;
import java.io.PrintWriter;
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

    @Option(names = {"-a", "--all"}, description = "Restart all containers")
    boolean all;

    @Option(names = "--running", description = "With --all, restart only the running containers")
    boolean running;

    @Option(names = {"-t", "--time"}, paramLabel = "SECONDS",
            description = "Seconds to wait for the container to stop before killing it (default: the container's "
                    + "--stop-timeout, 10)")
    Integer seconds;

    @Parameters(arity = "0..*", paramLabel = "CONTAINER", description = "Names or IDs of containers")
    List<String> names = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        StorePaths paths = StorePaths.forCurrentUser();
        Containers containers = new Containers(paths);
        ContainerRunner runner = new ContainerRunner(paths, new ImageStore(paths));
        for (Targets.Target t : Targets.resolve(containers, all, c -> !running || c.running(), names, false)) {
            ContainerDir c = t.dir();
            containers.stop(c, Targets.timeout(seconds, c));
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

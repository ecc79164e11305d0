package dev.skiff.cli.command.container;

import dev.skiff.runtime.container.ContainerDir;
import dev.skiff.runtime.container.Containers;
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

/** `skiff stop`: SIGTERM, then SIGKILL after the timeout. */
@Command(name = "stop", description = "Stop one or more containers")
public final class StopCommand implements Callable<Integer> {
    @Option(names = "--help", usageHelp = true, description = "Show this help and exit")
    boolean help;

    @Option(names = {"-t", "--time"}, paramLabel = "SECONDS",
            description = "Seconds to wait for the container to exit before killing it (default: the container's "
                    + "--stop-timeout, 10)")
    Integer seconds;

    @Option(names = {"-a", "--all"}, description = "Stop all running containers")
    boolean all;

    @Option(names = {"-i", "--ignore"}, description = "Ignore names and IDs that match no container")
    boolean ignore;

    @Parameters(arity = "0..*", paramLabel = "CONTAINER", description = "Names or IDs of containers")
    List<String> names = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Containers containers = new Containers(StorePaths.forCurrentUser());
        for (Targets.Target t : Targets.resolve(containers, all, ContainerDir::running, names, ignore)) {
            containers.stop(t.dir(), Targets.timeout(seconds, t.dir()));
            out.println(t.label());
        }
        out.flush();
        return 0;
    }
}

package dev.skiff.cli.command.container;

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

/** `skiff pause`: freezes every process of containers (cgroup.freeze). */
@Command(name = "pause", description = "Pause all the processes in one or more containers")
public final class PauseCommand implements Callable<Integer> {
    @Option(names = "--help", usageHelp = true, description = "Show this help and exit")
    boolean help;

    @Option(names = {"-a", "--all"}, description = "Pause all running containers")
    boolean all;

    @Parameters(arity = "0..*", paramLabel = "CONTAINER", description = "Names or IDs of containers")
    List<String> names = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Containers containers = new Containers(StorePaths.forCurrentUser());
        for (Targets.Target t : Targets.resolve(containers, all, c -> c.running() && !c.paused(), names, false)) {
            containers.freeze(t.dir(), true);
            out.println(t.label());
        }
        out.flush();
        return 0;
    }
}

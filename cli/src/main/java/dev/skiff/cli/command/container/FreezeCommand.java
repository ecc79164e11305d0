package dev.skiff.cli.command.container;

import dev.skiff.runtime.container.ContainerDir;
import dev.skiff.runtime.container.Containers;
import dev.skiff.runtime.storage.StorePaths;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `pause` and `unpause`: containers' processes frozen or thawed through cgroup.freeze. */
abstract class FreezeCommand implements Callable<Integer> {
    @Option(names = "--help", usageHelp = true, description = "Show this help and exit")
    boolean help;

    @Option(names = {"-a", "--all"}, description = "Every container this applies to: running ones for pause, "
            + "paused ones for unpause")
    boolean all;

    @Parameters(arity = "0..*", paramLabel = "CONTAINER", description = "Names or IDs of containers")
    List<String> names = new ArrayList<>();

    @Spec
    CommandSpec spec;

    private final boolean freeze;

    FreezeCommand(boolean freeze) {
        this.freeze = freeze;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Containers containers = new Containers(StorePaths.forCurrentUser());
        java.util.function.Predicate<ContainerDir> applies = freeze ? c -> c.running() && !c.paused() : ContainerDir::paused;
        for (Targets.Target t : Targets.resolve(containers, all, applies, names, false)) {
            containers.freeze(t.dir(), freeze);
            out.println(t.label());
        }
        out.flush();
        return 0;
    }
}

package dev.skiff.cli.command.container;

import dev.skiff.runtime.container.ContainerDir;
import dev.skiff.runtime.container.Containers;
import dev.skiff.runtime.container.Signals;
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

/** `skiff kill`: send a signal to containers' init processes. */
@Command(name = "kill", description = "Kill one or more running containers with a signal")
public final class KillCommand implements Callable<Integer> {
    @Option(names = "--help", usageHelp = true, description = "Show this help and exit")
    boolean help;

    @Option(names = {"-s", "--signal"}, paramLabel = "SIGNAL", defaultValue = "KILL",
            description = "Signal to send, by name or number")
    String signal;

    @Option(names = {"-a", "--all"}, description = "Signal all running containers")
    boolean all;

    @Parameters(arity = "0..*", paramLabel = "CONTAINER", description = "Names or IDs of containers")
    List<String> names = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        int sig = Signals.parse(signal);
        Containers containers = new Containers(StorePaths.forCurrentUser());
        for (Targets.Target t : Targets.resolve(containers, all, ContainerDir::running, names, false)) {
            containers.kill(t.dir(), sig);
            out.println(t.label());
        }
        out.flush();
        return 0;
    }
}

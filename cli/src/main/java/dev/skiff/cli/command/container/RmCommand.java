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

/** `skiff rm`: remove containers; running ones only with --force. */
@Command(name = "rm", description = "Remove one or more containers")
public final class RmCommand implements Callable<Integer> {
    @Option(names = "--help", usageHelp = true, description = "Show this help and exit")
    boolean help;

    @Option(names = {"-f", "--force"}, description = "Kill and remove running containers too")
    boolean force;

    @Option(names = {"-a", "--all"}, description = "Remove all containers")
    boolean all;

    @Parameters(arity = "0..*", paramLabel = "CONTAINER", description = "Names or IDs of containers")
    List<String> names = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Containers containers = new Containers(StorePaths.forCurrentUser());
        List<ContainerDir> targets = all ? containers.list() : names.stream().map(containers::find).toList();
        for (int i = 0; i < targets.size(); i++) {
            containers.remove(targets.get(i), force);
            out.println(all ? targets.get(i).id() : names.get(i));
        }
        out.flush();
        return 0;
    }
}

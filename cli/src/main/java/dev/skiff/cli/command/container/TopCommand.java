package dev.skiff.cli.command.container;

import dev.skiff.cli.output.TabWriter;
import dev.skiff.runtime.container.ContainerTop;
import dev.skiff.runtime.container.Containers;
import dev.skiff.runtime.storage.StorePaths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `skiff top`: the processes of a running container. */
@Command(name = "top", description = "Display the running processes of a container",
        footer = {"", "Descriptors: args, comm, etime, group, hgroup, hpid, huser, nice, pcpu, pgid, pid, ppid, rgroup,",
            "ruser, state, time, tty, user, vsz (default: user pid ppid pcpu etime tty time args)."})
public final class TopCommand implements Callable<Integer> {
    @Option(names = "--help", usageHelp = true, description = "Show this help and exit")
    boolean help;

    @Parameters(index = "0", paramLabel = "CONTAINER", description = "Name or ID of the container")
    String container;

    @Parameters(index = "1..*", paramLabel = "DESCRIPTOR", description = "Columns to show, as words or comma-separated")
    List<String> descriptors = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Containers containers = new Containers(StorePaths.forCurrentUser());
        TabWriter table = new TabWriter();
        for (List<String> row : ContainerTop.of(containers.find(container), descriptors)) {
            table.row(row.toArray(String[]::new));
        }
        table.printTo(spec.commandLine().getOut());
        return 0;
    }
}

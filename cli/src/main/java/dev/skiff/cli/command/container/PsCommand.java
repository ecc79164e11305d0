package dev.skiff.cli.command.container;

import dev.skiff.cli.output.HumanUnits;
import dev.skiff.cli.output.TabWriter;
import dev.skiff.runtime.container.ContainerDir;
import dev.skiff.runtime.container.Containers;
import dev.skiff.runtime.storage.StorePaths;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `skiff ps`: list containers with podman's columns. */
@Command(name = "ps", description = "List containers")
public final class PsCommand implements Callable<Integer> {
    @Option(names = "--help", usageHelp = true, description = "Show this help and exit")
    boolean help;

    @Option(names = {"-a", "--all"}, description = "Show all containers, not only running ones")
    boolean all;

    @Option(names = {"-q", "--quiet"}, description = "Print only the container IDs")
    boolean quiet;

    @Option(names = "--no-trunc", description = "Do not truncate IDs and commands")
    boolean noTrunc;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<ContainerDir> shown = new Containers(StorePaths.forCurrentUser()).list().stream()
                .filter(c -> all || c.running()).toList();
        if (quiet) {
            shown.forEach(c -> out.println(id(c)));
            out.flush();
            return 0;
        }
        TabWriter table = new TabWriter().row("CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES");
        Instant now = Instant.now();
        for (ContainerDir c : shown) {
            table.row(id(c), c.image(), command(c), HumanUnits.duration(Duration.between(c.created(), now)) + " ago",
                    status(c, now), "", c.name());
        }
        table.printTo(out);
        out.flush();
        return 0;
    }

    private String id(ContainerDir c) {
        return noTrunc ? c.id() : c.id().substring(0, 12);
    }

    private String command(ContainerDir c) {
        String cmd = String.join(" ", c.command());
        return noTrunc || cmd.length() <= 20 ? cmd : cmd.substring(0, 17) + "...";
    }

    /** "Up 3 seconds", "Exited (0) 2 minutes ago", "Created". */
    static String status(ContainerDir c, Instant now) {
        String state = Containers.status(c);
        return switch (state) {
            case "running" -> "Up " + HumanUnits.duration(Duration.between(c.started().orElse(c.created()), now)) + " ago";
            case "created" -> "Created";
            default -> c.exit().map(e -> "Exited (" + e.code() + ") "
                    + HumanUnits.duration(Duration.between(e.at(), now)) + " ago").orElse("Exited");
        };
    }
}

package dev.skiff.cli.command.container;

import dev.skiff.runtime.SkiffException;
import dev.skiff.runtime.container.ContainerDir;
import dev.skiff.runtime.container.ContainerLog;
import dev.skiff.runtime.container.Containers;
import dev.skiff.runtime.storage.StorePaths;
import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `skiff logs`: a container's output, as its supervisor logged it. */
@Command(name = "logs", description = "Fetch the logs of a container")
public final class LogsCommand implements Callable<Integer> {
    @Option(names = "--help", usageHelp = true, description = "Show this help and exit")
    boolean help;

    @Option(names = {"-f", "--follow"}, description = "Follow the output until the container exits")
    boolean follow;

    @Option(names = {"-t", "--timestamps"}, description = "Show the time of each line")
    boolean timestamps;

    @Option(names = "--tail", paramLabel = "N", defaultValue = "-1", description = "Show only the last N lines")
    int tail;

    @Option(names = "--since", paramLabel = "TIME",
            description = "Show lines written since TIME: RFC 3339, Unix seconds, or a duration ago such as 10m")
    String since;

    @Option(names = "--until", paramLabel = "TIME",
            description = "Show lines written until TIME: RFC 3339, Unix seconds, or a duration ago such as 10m")
    String until;

    @Parameters(index = "0", paramLabel = "CONTAINER", description = "Name or ID of the container")
    String name;

    @Override
    public Integer call() {
        ContainerDir c = new Containers(StorePaths.forCurrentUser()).find(name);
        try {
            Instant now = Instant.now();
            new ContainerLog(c.log(), timestamps,
                    since == null ? null : ContainerLog.parseTime(since, "--since", now),
                    until == null ? null : ContainerLog.parseTime(until, "--until", now))
                    .copy(System.out, System.err, tail, follow, c);
        } catch (IOException e) {
            throw new SkiffException("read the log of container " + c.name() + ": " + e.getMessage(), e);
        }
        return 0;
    }
}

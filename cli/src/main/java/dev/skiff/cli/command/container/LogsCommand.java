package dev.skiff.cli.command.container;

import dev.skiff.runtime.SkiffException;
import dev.skiff.runtime.container.ContainerDir;
import dev.skiff.runtime.container.ContainerLog;
import dev.skiff.runtime.container.Containers;
import dev.skiff.runtime.storage.StorePaths;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `skiff logs`: a container's output, as its supervisor logged it. */
@Command(name = "logs", description = "Fetch the logs of one or more containers")
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

    @Option(names = {"-n", "--names"}, description = "Begin each line with the container's name")
    boolean names;

    @Parameters(arity = "1..*", paramLabel = "CONTAINER",
            description = "Names or IDs of containers; lines of several begin with their container's ID")
    List<String> containers = new ArrayList<>();

    @Override
    public Integer call() throws InterruptedException {
        Containers all = new Containers(StorePaths.forCurrentUser());
        List<ContainerDir> targets = containers.stream().map(all::find).toList();
        targets.forEach(ContainerDir::readableLog); // every container's log, before any is printed
        Instant now = Instant.now();
        Instant from = since == null ? null : ContainerLog.parseTime(since, "--since", now);
        Instant to = until == null ? null : ContainerLog.parseTime(until, "--until", now);
        if (!follow || targets.size() == 1) {
            for (ContainerDir c : targets) {
                copy(c, from, to, targets.size() > 1);
            }
            return 0;
        }
        // followed side by side, each until its container exits
        List<Thread> threads = new ArrayList<>();
        List<RuntimeException> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (ContainerDir c : targets) {
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    copy(c, from, to, true);
                } catch (RuntimeException e) {
                    failures.add(e);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        if (!failures.isEmpty()) {
            throw failures.getFirst();
        }
        return 0;
    }

    private void copy(ContainerDir c, Instant from, Instant to, boolean several) {
        String prefix = names ? c.name() : several ? c.id().substring(0, 12) : null;
        try {
            new ContainerLog(c.readableLog(), timestamps, from, to, prefix).copy(System.out, System.err, tail, follow, c);
        } catch (IOException e) {
            throw new SkiffException("read the log of container " + c.name() + ": " + e.getMessage(), e);
        }
    }
}

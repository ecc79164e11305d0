package dev.skiff.cli.command.container;

import dev.skiff.runtime.container.ContainerDir;
import dev.skiff.runtime.container.Containers;
import dev.skiff.runtime.storage.StorePaths;
import java.io.PrintWriter;
import java.time.Duration;
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

    @Option(names = {"-t", "--time"}, paramLabel = "SECONDS", defaultValue = "10",
            description = "Seconds to wait for the container to exit before killing it")
    int seconds;

    @Option(names = {"-a", "--all"}, description = "Stop all running containers")
    boolean all;

    @Parameters(arity = "0..*", paramLabel = "CONTAINER", description = "Names or IDs of containers")
    List<String> names = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Containers containers = new Containers(StorePaths.forCurrentUser());
        List<ContainerDir> targets = all
                ? containers.list().stream().filter(ContainerDir::running).toList()
                : names.stream().map(containers::find).toList();
        for (int i = 0; i < targets.size(); i++) {
            containers.stop(targets.get(i), Duration.ofSeconds(Math.max(0, seconds)));
            out.println(all ? targets.get(i).id() : names.get(i));
        }
        out.flush();
        return 0;
    }
}

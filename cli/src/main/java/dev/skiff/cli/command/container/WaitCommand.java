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

/** `skiff wait`: block until containers exit and print their exit codes. */
@Command(name = "wait", description = "Block until one or more containers stop and print their exit codes")
public final class WaitCommand implements Callable<Integer> {
    @Option(names = "--help", usageHelp = true, description = "Show this help and exit")
    boolean help;

    @Parameters(arity = "1..*", paramLabel = "CONTAINER", description = "Names or IDs of containers")
    List<String> names = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Containers containers = new Containers(StorePaths.forCurrentUser());
        for (String name : names) {
            out.println(containers.await(containers.find(name)));
            out.flush();
        }
        return 0;
    }
}

package dev.skiff.cli.command.container;

import dev.skiff.cli.output.Confirm;
import dev.skiff.runtime.container.ContainerDir;
import dev.skiff.runtime.container.Containers;
import dev.skiff.runtime.storage.StorePaths;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `skiff container prune`: remove every container that is not running. */
@Command(name = "prune", description = "Remove all non running containers")
public final class ContainerPruneCommand implements Callable<Integer> {
    @Option(names = "--help", usageHelp = true, description = "Show this help and exit")
    boolean help;

    @Option(names = {"-f", "--force"}, description = "Do not prompt for confirmation")
    boolean force;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (!force && !Confirm.ask(out, "WARNING! This will remove all non running containers.")) {
            return 0;
        }
        Containers containers = new Containers(StorePaths.forCurrentUser());
        for (ContainerDir c : containers.list()) {
            if (!c.running()) {
                containers.remove(c, false);
                out.println(c.id());
            }
        }
        out.flush();
        return 0;
    }
}

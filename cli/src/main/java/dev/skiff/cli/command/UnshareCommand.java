package dev.skiff.cli.command;

import dev.skiff.cli.StopsAtPositional;
import dev.skiff.runtime.container.Unshare;
import dev.skiff.runtime.storage.StorePaths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `skiff unshare`: a shell or command in skiff's user namespace. */
@Command(name = "unshare", description = "Run a command in skiff's user namespace",
        footer = {"", "The command runs as root of the namespace, where the files of skiff's store (owned by",
            "subordinate ids) can be read and removed. CONTAINERS_GRAPHROOT and CONTAINERS_RUNROOT",
            "name skiff's storage and runtime directories. Without a command, runs $SHELL."})
public final class UnshareCommand implements Callable<Integer>, StopsAtPositional {
    @Option(names = "--help", usageHelp = true, description = "Show this help and exit")
    boolean help;

    @Parameters(arity = "0..*", paramLabel = "COMMAND", description = "Command and arguments (default: $SHELL)")
    List<String> command = new ArrayList<>();

    @Override
    public Integer call() {
        return Unshare.run(StorePaths.forCurrentUser(), command);
    }
}

package dev.skiff.cli.command.container;

import dev.skiff.runtime.container.AttachClient;
import dev.skiff.runtime.container.Containers;
import dev.skiff.runtime.storage.StorePaths;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `skiff attach`: the terminal of a container run with -t. */
@Command(name = "attach", description = "Attach to the terminal of a running container",
        footer = {"", "Type the detach keys (default Ctrl-P Ctrl-Q) to leave the container running.",
            "Exits with the container's exit code when it ends."})
public final class AttachCommand implements Callable<Integer> {
    @Option(names = "--help", usageHelp = true, description = "Show this help and exit")
    boolean help;

    @Option(names = "--detach-keys", paramLabel = "KEYS",
            description = "Keys that detach (default ctrl-p,ctrl-q; empty: none)")
    String detachKeys;

    @Option(names = "--no-stdin", description = "Do not pass standard input to the container")
    boolean noStdin;

    @Parameters(index = "0", paramLabel = "CONTAINER", description = "Name or ID of the container")
    String container;

    @Override
    public Integer call() {
        return AttachClient.attach(new Containers(StorePaths.forCurrentUser()).find(container), !noStdin, detachKeys);
    }
}

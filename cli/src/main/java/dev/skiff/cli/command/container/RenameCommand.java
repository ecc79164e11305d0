package dev.skiff.cli.command.container;

import dev.skiff.runtime.container.Containers;
import dev.skiff.runtime.storage.StorePaths;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `skiff rename`: give a container a new name. */
@Command(name = "rename", description = "Rename an existing container")
public final class RenameCommand implements Callable<Integer> {
    @Option(names = "--help", usageHelp = true, description = "Show this help and exit")
    boolean help;

    @Parameters(index = "0", paramLabel = "CONTAINER", description = "Name or ID of the container")
    String container;

    @Parameters(index = "1", paramLabel = "NAME", description = "The new name")
    String newName;

    @Override
    public Integer call() {
        Containers containers = new Containers(StorePaths.forCurrentUser());
        containers.rename(containers.find(container), newName);
        return 0;
    }
}

package dev.skiff.cli.command.container;

import dev.skiff.runtime.container.ContainerDir;
import dev.skiff.runtime.container.ContainerRunner;
import dev.skiff.runtime.container.Containers;
import dev.skiff.runtime.image.ImageStore;
import dev.skiff.runtime.storage.StorePaths;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `skiff container cleanup`: what a container's supervisor runs once the container exited. */
@Command(name = "cleanup", hidden = true,
        description = "Record a container's exit; remove it when it was started with --rm, or start it again "
                + "by its restart policy")
public final class CleanupCommand implements Callable<Integer> {
    @Option(names = "--help", usageHelp = true, description = "Show this help and exit")
    boolean help;

    @Parameters(index = "0", paramLabel = "CONTAINER", description = "Name or ID of the container")
    String name;

    @Override
    public Integer call() {
        StorePaths paths = StorePaths.forCurrentUser();
        Containers containers = new Containers(paths);
        ContainerDir c = containers.find(name);
        if (containers.cleanup(c)) {
            return new ContainerRunner(paths, new ImageStore(paths)).restart(c);
        }
        return 0;
    }
}

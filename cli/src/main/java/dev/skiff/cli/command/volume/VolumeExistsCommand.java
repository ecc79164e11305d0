package dev.skiff.cli.command.volume;

import dev.skiff.runtime.storage.StorePaths;
import dev.skiff.runtime.volume.Volumes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `skiff volume exists`: exit 0 when the volume exists, 1 when it does not. */
@Command(name = "exists", description = "Check if a volume exists")
public final class VolumeExistsCommand implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit")
    boolean help;

    @Parameters(index = "0", paramLabel = "NAME", description = "Name of the volume")
    String name;

    @Override
    public Integer call() {
        return new Volumes(StorePaths.forCurrentUser()).find(name).isPresent() ? 0 : 1;
    }
}

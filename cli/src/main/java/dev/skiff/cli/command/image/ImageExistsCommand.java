package dev.skiff.cli.command.image;

import dev.skiff.runtime.image.ImageStore;
import dev.skiff.runtime.storage.StorePaths;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `skiff image exists`: exit 0 when the image is stored, 1 when it is not. */
@Command(name = "exists",
        description = "Check if an image exists in local storage",
        sortOptions = false)
public final class ImageExistsCommand implements Callable<Integer> {
    /** Podman's exit code for an image that is not stored. */
    static final int EXIT_ABSENT = 1;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit")
    boolean help;

    @Parameters(index = "0", paramLabel = "IMAGE", description = "Name or id of the image")
    String image;

    @Override
    public Integer call() {
        return new ImageStore(StorePaths.forCurrentUser()).resolve(image).isPresent() ? 0 : EXIT_ABSENT;
    }
}

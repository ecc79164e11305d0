package dev.skiff.cli.command.image;

import dev.skiff.runtime.image.ImageStore;
import dev.skiff.runtime.storage.StorePaths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `skiff tag` / `skiff image tag`: add names to a stored image. */
@Command(name = "tag",
        description = "Add an additional name to a local image",
        sortOptions = false)
public final class TagCommand implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit")
    boolean help;

    @Parameters(index = "0", paramLabel = "IMAGE", description = "Name or id of the image")
    String image;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "TARGET_NAME", description = "New names for the image")
    List<String> targets = new ArrayList<>();

    @Override
    public Integer call() {
        new ImageStore(StorePaths.forCurrentUser()).tag(image, targets);
        return 0;
    }
}

package dev.skiff.cli.command.image;

import dev.skiff.runtime.image.ImageStore;
import dev.skiff.runtime.storage.StorePaths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `skiff untag` / `skiff image untag`: remove names from a stored image, all of them when none is given. */
@Command(name = "untag",
        description = "Remove a name from a local image",
        sortOptions = false)
public final class UntagCommand implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit")
    boolean help;

    @Parameters(index = "0", paramLabel = "IMAGE", description = "Name or id of the image")
    String image;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "NAME", description = "Names to remove; all when none is given")
    List<String> names = new ArrayList<>();

    @Override
    public Integer call() {
        new ImageStore(StorePaths.forCurrentUser()).untag(image, names);
        return 0;
    }
}

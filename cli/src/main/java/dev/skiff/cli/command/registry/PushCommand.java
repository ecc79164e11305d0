package dev.skiff.cli.command.registry;

import dev.skiff.runtime.image.ImageStore;
import dev.skiff.runtime.registry.ImagePusher;
import dev.skiff.runtime.storage.StorePaths;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `skiff push`: copy a stored image to a registry. */
@Command(name = "push",
        description = "Push an image to a registry",
        sortOptions = false)
public final class PushCommand implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit")
    boolean help;

    @Option(names = {"-q", "--quiet"}, description = "Print no progress")
    boolean quiet;

    @Mixin
    RegistryAccess registry = new RegistryAccess();

    @Parameters(index = "0", paramLabel = "IMAGE", description = "Stored image name or id")
    String image;

    @Parameters(index = "1", arity = "0..1", paramLabel = "DESTINATION",
            description = "Where to push, e.g. registry.example.com/app:1 (default: IMAGE)")
    String destination;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        StorePaths paths = StorePaths.forCurrentUser();
        new ImagePusher(paths, new ImageStore(paths),
                registry.options(null, null, null),
                quiet ? line -> { } : line -> {
                    err.println(line);
                    err.flush();
                }).push(image, destination != null ? destination : image);
        return 0;
    }
}

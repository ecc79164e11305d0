package dev.skiff.cli.command.registry;

import dev.skiff.cli.output.ProgressBars;
import dev.skiff.runtime.image.ImageStore;
import dev.skiff.runtime.registry.ImagePuller;
import dev.skiff.runtime.storage.StorePaths;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `skiff pull`: copy an image from a registry into the local store. */
@Command(name = "pull",
        description = "Pull an image from a registry",
        sortOptions = false)
public final class PullCommand implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit")
    boolean help;

    @Option(names = {"-q", "--quiet"}, description = "Print only the image id")
    boolean quiet;

    @Mixin
    RegistryAccess registry = new RegistryAccess();

    @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]", description = "Platform to pick from a manifest list")
    String platform;

    @Option(names = "--arch", paramLabel = "ARCH", description = "Architecture to pick from a manifest list")
    String arch;

    @Option(names = "--variant", paramLabel = "VARIANT", description = "Architecture variant to pick from a manifest list")
    String variant;

    @Parameters(index = "0", paramLabel = "IMAGE", description = "Image reference, e.g. docker.io/library/busybox:latest")
    String image;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        StorePaths paths = StorePaths.forCurrentUser();
        ImagePuller puller = new ImagePuller(paths, new ImageStore(paths),
                registry.options(platform, arch, variant),
                quiet ? line -> { } : line -> {
                    err.println(line);
                    err.flush();
                }, warning -> {
                    err.println("WARNING: " + warning);
                    err.flush();
                });
        if (!quiet && ProgressBars.stderrIsTerminal()) {
            puller.withBlobProgress(new ProgressBars(err));
        }
        String id = puller.pull(image);
        out.println(id);
        out.flush();
        return 0;
    }
}

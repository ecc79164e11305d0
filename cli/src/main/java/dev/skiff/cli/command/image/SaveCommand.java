package dev.skiff.cli.command.image;

import dev.skiff.cli.output.ArchiveStdout;
import dev.skiff.runtime.image.ArchiveFormat;
import dev.skiff.runtime.image.ImageStore;
import dev.skiff.runtime.storage.StorePaths;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `skiff save` / `skiff image save`: write an image to a docker-archive or oci-archive file (or stdout). */
@Command(name = "save",
        description = "Save an image to a docker-archive or oci-archive tarball",
        sortOptions = false)
public final class SaveCommand implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit")
    boolean help;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "docker-archive",
            description = "docker-archive (the default) or oci-archive")
    String format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write to this file (default: stdout, which must be redirected)")
    Path output;

    @Option(names = {"-q", "--quiet"}, description = "Suppress the output")
    boolean quiet;

    @Parameters(index = "0", paramLabel = "IMAGE", description = "Name or id of the image")
    String image;

    @Override
    public Integer call() {
        ArchiveFormat f = ArchiveFormat.of(format);
        ImageStore store = new ImageStore(StorePaths.forCurrentUser());
        if (output != null) {
            store.save(image, output, f);
            return 0;
        }
        store.save(image, ArchiveStdout.open("refusing to write an archive to a terminal: use -o FILE or redirect stdout"),
                f);
        return 0;
    }
}

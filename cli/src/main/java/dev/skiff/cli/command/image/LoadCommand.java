package dev.skiff.cli.command.image;

import dev.skiff.runtime.SkiffException;
import dev.skiff.runtime.image.ImageStore;
import dev.skiff.runtime.storage.StorePaths;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `skiff load`: store the images of a docker-archive or oci-archive file (or of stdin). */
@Command(name = "load",
        description = "Load image(s) from a docker-archive or oci-archive tarball",
        sortOptions = false)
public final class LoadCommand implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit")
    boolean help;

    @Option(names = {"-i", "--input"}, paramLabel = "FILE", description = "Read from this archive instead of stdin")
    Path input;

    @Option(names = {"-q", "--quiet"}, description = "Suppress the progress output")
    boolean quiet;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ImageStore store = new ImageStore(StorePaths.forCurrentUser());
        Path archive = input;
        Path fromStdin = null;
        if (archive == null) {
            if (System.console() != null && System.console().isTerminal()) {
                throw new SkiffException("cannot read an archive from a terminal: use -i FILE or redirect stdin");
            }
            fromStdin = Files.createTempFile("skiff-load-", ".tar");
            try (InputStream in = System.in) {
                Files.copy(in, fromStdin, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            archive = fromStdin;
        }
        try {
            List<String> loaded = store.load(archive, quiet ? null : line -> {
                err.println(line);
                err.flush();
            }, warning -> {
                err.println("WARNING: " + warning);
                err.flush();
            });
            for (String name : loaded) {
                out.println("Loaded image: " + name);
            }
            out.flush();
            return 0;
        } finally {
            if (fromStdin != null) {
                Files.deleteIfExists(fromStdin);
            }
        }
    }
}

package dev.skiff.cli.command.container;

import dev.skiff.cli.output.ArchiveStdout;
import dev.skiff.runtime.SkiffException;
import dev.skiff.runtime.container.ContainerChanges;
import dev.skiff.runtime.container.ContainerDir;
import dev.skiff.runtime.container.Containers;
import dev.skiff.runtime.storage.AtomicFiles;
import dev.skiff.runtime.storage.StorePaths;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `skiff export`: a container's whole file system as a tar archive. */
@Command(name = "export", description = "Export a container's file system contents as a tar archive")
public final class ExportCommand implements Callable<Integer> {
    @Option(names = "--help", usageHelp = true, description = "Show this help and exit")
    boolean help;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of standard output")
    Path output;

    @Parameters(index = "0", paramLabel = "CONTAINER", description = "Name or ID of the container")
    String container;

    @Override
    public Integer call() {
        ContainerDir c = new Containers(StorePaths.forCurrentUser()).find(container);
        if (output != null) {
            try {
                AtomicFiles.writeStreaming(output, out -> ContainerChanges.export(c, out));
            } catch (IOException e) {
                throw new SkiffException("export " + c.name() + " to `" + output + "`: " + e.getMessage(), e);
            }
            return 0;
        }
        ArchiveStdout.write("refusing to export to a terminal: use -o FILE or redirect stdout", "export " + c.name(),
                out -> ContainerChanges.export(c, out));
        return 0;
    }
}

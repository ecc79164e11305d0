package dev.skiff.cli.command.container;

import dev.skiff.cli.output.ArchiveStdout;
import dev.skiff.runtime.SkiffException;
import dev.skiff.runtime.container.ContainerCopy;
import dev.skiff.runtime.container.ContainerDir;
import dev.skiff.runtime.container.Containers;
import dev.skiff.runtime.storage.StorePaths;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `skiff cp`: files between a container and the host, or between two containers. */
@Command(name = "cp", description = "Copy files between a container and the local file system",
        footer = {"",
                "One of SRC and DEST is CONTAINER:PATH; a local path with a colon starts with / or ./.",
                "A PATH in a container that is relative starts from its working directory.",
                "A file onto a file replaces it and into a directory goes inside it; a directory",
                "onto a missing path becomes that path. SRC ending in /. copies a directory's",
                "contents. \"-\" as SRC reads a tar stream from stdin, as DEST writes one to stdout.",
                "Symlinks in a container resolve within its root."})
public final class CpCommand implements Callable<Integer> {
    @Option(names = "--help", usageHelp = true, description = "Show this help and exit")
    boolean help;

    @Option(names = {"-a", "--archive"}, negatable = true, defaultValue = "true", fallbackValue = "true",
            arity = "0..1", description = "Give what is copied into a container to its user and group (default true);"
                    + " with --archive=false keep the owners of the source")
    boolean archive;

    @Option(names = "--overwrite", description = "Let a directory replace a non-directory and the reverse")
    boolean overwrite;

    @Parameters(index = "0", paramLabel = "SRC", description = "CONTAINER:PATH, a local path, or - (a tar stream on stdin)")
    String src;

    @Parameters(index = "1", paramLabel = "DEST", description = "CONTAINER:PATH, a local path, or - (a tar stream on stdout)")
    String dest;

    /** CONTAINER:PATH split, or null for a local path. */
    private record Remote(String container, String path) {
        static Remote parse(String arg) {
            int colon = arg.indexOf(':');
            if (colon <= 0 || arg.startsWith("/") || arg.startsWith(".")) {
                return null;
            }
            return new Remote(arg.substring(0, colon), arg.substring(colon + 1));
        }
    }

    @Override
    public Integer call() {
        Remote from = Remote.parse(src);
        Remote to = Remote.parse(dest);
        if (from == null && to == null) {
            throw new SkiffException("cp: neither `" + src + "` nor `" + dest + "` names a container: write one as CONTAINER:PATH");
        }
        StorePaths paths = StorePaths.forCurrentUser();
        Containers containers = new Containers(paths);
        ContainerCopy copy = new ContainerCopy(paths, new ContainerCopy.Options(archive, overwrite));
        if (from != null && to != null) {
            copy.betweenContainers(containers.find(from.container()), pathOf(from), containers.find(to.container()),
                    pathOf(to));
        } else if (to != null) {
            copy.toContainer(src, new FileInputStream(FileDescriptor.in), containers.find(to.container()), pathOf(to));
        } else {
            ContainerDir c = containers.find(from.container());
            if (dest.equals("-")) {
                ArchiveStdout.write("refusing to write a tar stream to a terminal: redirect stdout",
                        "cp " + src + " to stdout", out -> copy.fromContainer(c, pathOf(from), dest, out));
            } else {
                copy.fromContainer(c, pathOf(from), dest, null);
            }
        }
        return 0;
    }

    private static String pathOf(Remote r) {
        if (r.path().isEmpty()) {
            throw new SkiffException("cp: `" + r.container() + ":` names no path: write CONTAINER:PATH");
        }
        return r.path();
    }
}

package dev.skiff.runtime.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A command's working directory {@code tmp/PREFIX*} (a pull's downloads, a commit's layer, a
 * build's fetched files), locked while the command runs. Whoever stages next tells the directory
 * of a killed command (unlocked) from that of a running one, and removes it: a kill at any point
 * leaves nothing in tmp/ for long.
 */
public final class Staging implements AutoCloseable {
    private static final String LOCK = ".lock";

    private final Path dir;
    private final FileChannel channel;

    private Staging(Path dir, FileChannel channel) {
        this.dir = dir;
        this.channel = channel;
    }

    /** Removes the directories of killed commands, then creates and locks a new one named PREFIX…. */
    public static Staging create(StorePaths paths, String prefix) throws IOException {
        Files.createDirectories(paths.tmp());
        removeStale(paths.tmp());
        Path dir = TempPaths.directory(paths.tmp(), prefix);
        FileChannel ch = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            ch.lock();
        } catch (IOException | RuntimeException e) {
            ch.close();
            FileTrees.deleteRecursively(dir);
            throw e;
        }
        return new Staging(dir, ch);
    }

    /** The directory to work in. */
    public Path dir() {
        return dir;
    }

    /** Removes every staging directory in TMP whose lock nobody holds. */
    public static void removeStale(Path tmp) throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(tmp, Files::isDirectory)) {
            for (Path d : ds) {
                Path lockFile = d.resolve(LOCK);
                if (!Files.isRegularFile(lockFile)) {
                    continue; // being created right now, or no staging directory
                }
                try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
                    FileLock l = ch.tryLock();
                    if (l != null) {
                        FileTrees.deleteRecursively(d);
                    }
                } catch (OverlappingFileLockException | IOException e) {
                    // held by a command in this process, or gone meanwhile: leave it
                }
            }
        }
    }

    /** Removes the directory as {@link #close} does; when it cannot, says why to WARNINGS, in one line. */
    public void release(java.util.function.Consumer<String> warnings) {
        try {
            close();
        } catch (IOException e) {
            warnings.accept("cannot remove `" + dir + "`: " + e.getMessage());
        }
    }

    @Override
    public void close() throws IOException {
        try {
            channel.close();
        } finally {
            FileTrees.deleteRecursively(dir);
        }
    }
}

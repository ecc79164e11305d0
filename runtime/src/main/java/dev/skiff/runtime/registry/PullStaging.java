package dev.skiff.runtime.registry;

import dev.skiff.runtime.storage.FileTrees;
import dev.skiff.runtime.storage.StorePaths;
import dev.skiff.runtime.storage.TempPaths;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A pull's download directory {@code tmp/pull-*}, locked while the pull runs so that the next
 * pull can tell the directory of a killed one (unlocked) from that of a running one, and remove it.
 */
final class PullStaging implements AutoCloseable {
    private static final String PREFIX = "pull-";
    private static final String LOCK = ".lock";

    private final Path dir;
    private final FileChannel channel;

    private PullStaging(Path dir, FileChannel channel) {
        this.dir = dir;
        this.channel = channel;
    }

    /** Removes the directories of killed pulls, then creates and locks a new one. */
    static PullStaging create(StorePaths paths) throws IOException {
        Files.createDirectories(paths.tmp());
        removeStale(paths.tmp());
        Path dir = TempPaths.directory(paths.tmp(), PREFIX);
        FileChannel ch = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            ch.lock();
        } catch (IOException | RuntimeException e) {
            ch.close();
            FileTrees.deleteRecursively(dir);
            throw e;
        }
        return new PullStaging(dir, ch);
    }

    /** The directory to download into. */
    Path dir() {
        return dir;
    }

    private static void removeStale(Path tmp) throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(tmp, PREFIX + "*")) {
            for (Path d : ds) {
                Path lockFile = d.resolve(LOCK);
                if (!Files.isRegularFile(lockFile)) {
                    continue; // being created right now, or not ours
                }
                try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
                    FileLock l = ch.tryLock();
                    if (l != null) {
                        FileTrees.deleteRecursively(d);
                    }
                } catch (OverlappingFileLockException | IOException e) {
                    // held by a pull in this process, or gone meanwhile: leave it
                }
            }
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

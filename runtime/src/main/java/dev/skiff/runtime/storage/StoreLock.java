package dev.skiff.runtime.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.ReentrantLock;

/** The store-wide lock ({@code store.lock}) held while images, names or layers change. */
public final class StoreLock implements AutoCloseable {
    // a file lock excludes other processes only; threads of this JVM queue here first
    private static final ReentrantLock IN_PROCESS = new ReentrantLock();

    private final FileChannel channel;
    private final FileLock lock;

    private StoreLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Blocks until this process holds the store's lock. Not reentrant. */
    public static StoreLock acquire(StorePaths paths) throws IOException {
        if (IN_PROCESS.isHeldByCurrentThread()) {
            throw new IllegalStateException("store lock " + paths.lockFile() + " is already held by this thread");
        }
        IN_PROCESS.lock();
        FileChannel ch = null;
        try {
            Files.createDirectories(paths.root());
            ch = FileChannel.open(paths.lockFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            return new StoreLock(ch, ch.lock());
        } catch (IOException | RuntimeException e) {
            if (ch != null) {
                ch.close();
            }
            IN_PROCESS.unlock();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            try {
                channel.close();
            } finally {
                IN_PROCESS.unlock();
            }
        }
    }
}

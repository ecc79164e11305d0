package dev.skiff.runtime.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/** Writes that a crash leaves either old or new: temp file in the same directory, fsync, rename. */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** Replaces {@code target} with {@code data} atomically and durably. */
    public static void write(Path target, byte[] data) throws IOException {
        Path dir = target.getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve(".tmp-" + target.getFileName() + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(data);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            rename(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
        fsyncDirectory(dir);
    }

    /** Writes the bytes of an output stream, for {@link #writeStreaming}. */
    @FunctionalInterface
    public interface StreamWriter {
        void writeTo(java.io.OutputStream out) throws IOException;
    }

    /**
     * Creates or replaces the user's file {@code target} with what WRITER writes, whole or not at
     * all: into a temp file beside it (created like any file the user writes, the umask applies),
     * renamed over the target once complete, removed when writing fails.
     */
    public static void writeStreaming(Path target, StreamWriter writer) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path tmp = absolute.resolveSibling("." + absolute.getFileName() + "." + Long.toHexString(System.nanoTime())
                + ".tmp");
        try {
            try (java.io.OutputStream file = new java.io.BufferedOutputStream(
                    Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), 64 * 1024)) {
                writer.writeTo(file);
            }
            rename(tmp, absolute);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Renames {@code from} to {@code to} atomically (both in one filesystem), replacing a file. */
    public static void rename(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("rename `" + from + "` to `" + to + "`: not atomic on this filesystem", e);
        }
    }

    /** Makes a rename or creation inside {@code dir} durable. */
    public static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}

package dev.skiff.runtime.archive;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.GZIPInputStream;

/**
 * Writes a layer's original tar stream back from its unpacked directory and the record a
 * {@link TarSplitRecorder} made while unpacking it ({@code tar-split.gz} beside {@code diff/}).
 */
public final class TarSplit {
    /** The record's file name inside a layer's directory. */
    public static final String FILE = "tar-split.gz";
    static final int RAW_SEGMENT = 'R';
    static final int FILE_SEGMENT = 'F';
    static final int END = 'E';
    private static final int MAX_RAW_SEGMENT = 1 << 20;

    private TarSplit() {}

    /**
     * Writes the tar stream recorded in {@code record} to {@code out}, taking file contents from
     * {@code diff}.
     *
     * @param what names the layer in errors
     */
    public static void write(Path record, Path diff, OutputStream out, String what) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(
                new GZIPInputStream(Files.newInputStream(record), 64 * 1024)))) {
            byte[] buf = new byte[64 * 1024];
            while (true) {
                int type = in.readUnsignedByte();
                if (type == END) {
                    return;
                }
                if (type == RAW_SEGMENT) {
                    int n = in.readInt();
                    if (n < 0 || n > MAX_RAW_SEGMENT) {
                        throw new IOException(what + ": " + FILE + ": bad segment length " + n);
                    }
                    byte[] bytes = in.readNBytes(n);
                    if (bytes.length != n) {
                        throw new EOFException(what + ": " + FILE + " is truncated");
                    }
                    out.write(bytes);
                } else if (type == FILE_SEGMENT) {
                    copyFile(diff, in.readUTF(), in.readLong(), out, buf, what);
                } else {
                    throw new IOException(what + ": " + FILE + ": unknown segment type " + type);
                }
            }
        } catch (EOFException e) {
            throw new IOException(what + ": " + FILE + " is truncated", e);
        }
    }

    private static void copyFile(Path diff, String rel, long size, OutputStream out, byte[] buf, String what)
            throws IOException {
        String normal;
        try {
            normal = EntryPaths.normalize(rel);
        } catch (EntryPaths.EscapeException e) {
            throw new IOException(what + ": " + FILE + ": entry `" + rel + "` escapes the layer");
        }
        Path file = diff.resolve(normal);
        // a later entry of the layer may have put a symlink where a directory was: never read through it
        for (Path p = file.getParent(); p != null && !p.equals(diff); p = p.getParent()) {
            if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException(what + ": file `" + rel + "`: `" + diff.relativize(p)
                        + "` is no longer a directory in the unpacked layer");
            }
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            // replaced later in the layer (by a FIFO, a whiteout, a link): opening it could block or mislead
            throw new IOException(what + ": file `" + rel + "` is no longer a regular file in the unpacked layer");
        }
        try (InputStream in = Files.newInputStream(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            long left = size;
            while (left > 0) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) {
                    throw new IOException(what + ": file `" + rel + "` is shorter than its tar entry (" + size
                            + " bytes)");
                }
                out.write(buf, 0, n);
                left -= n;
            }
        }
    }
}

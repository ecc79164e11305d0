package dev.skiff.runtime.archive;

import com.github.luben.zstd.ZstdInputStream;
import dev.skiff.oci.image.Compression;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/** Opens a layer's tar stream from its blob according to its compression. */
public final class Decompression {
    private static final int BUFFER = 64 * 1024;

    private Decompression() {}

    /** The decompressed stream of {@code raw}; {@code what} names the blob in errors. */
    public static InputStream open(InputStream raw, Compression compression, String what) throws IOException {
        return switch (compression) {
            case NONE -> raw;
            case GZIP -> {
                try {
                    yield new GZIPInputStream(raw, BUFFER);
                } catch (IOException e) {
                    throw new InvalidArchiveException(what + ": not gzip data: " + e.getMessage(), e);
                }
            }
            case ZSTD -> zstd(raw, what);
        };
    }

    private static InputStream zstd(InputStream raw, String what) throws IOException {
        try {
            // zstd-jni refuses frames whose window exceeds its default limit (2^27): memory stays bounded
            return new ZstdFailures(new ZstdInputStream(raw), what);
        } catch (LinkageError e) {
            throw new InvalidArchiveException(what + ": zstd decompression is unavailable: " + e.getMessage(), e);
        }
    }

    /**
     * Guesses the compression of a docker-archive layer file, which carries no media type, from its
     * first bytes. {@code in} must support mark/reset.
     */
    public static Compression sniff(BufferedInputStream in) throws IOException {
        in.mark(4);
        int b0 = in.read();
        int b1 = in.read();
        int b2 = in.read();
        int b3 = in.read();
        in.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            return Compression.GZIP;
        }
        if (b0 == 0x28 && b1 == 0xb5 && b2 == 0x2f && b3 == 0xfd) {
            return Compression.ZSTD;
        }
        return Compression.NONE;
    }
}

package dev.skiff.runtime.image;

import dev.skiff.oci.digest.Digest;
import dev.skiff.oci.digest.DigestingInputStream;
import dev.skiff.oci.image.Compression;
import dev.skiff.runtime.archive.BoundedTarInputStream;
import dev.skiff.runtime.archive.Decompression;
import dev.skiff.runtime.archive.InvalidArchiveException;
import dev.skiff.runtime.archive.LayerUnpacker;
import dev.skiff.runtime.archive.ReadAheadInputStream;
import dev.skiff.runtime.archive.TarLimits;
import dev.skiff.runtime.archive.TarSplit;
import dev.skiff.runtime.archive.TarSplitRecorder;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * One layer blob, as it streams, into a layer directory: decompressed, unpacked into
 * {@code diff/}, recorded as a tar-split (what `save` and `push` need to write the exact tar
 * again) and checked against its diff_id, all in one pass. The directory is staging: whoever
 * calls this removes it when anything fails.
 */
public final class LayerUnpack {
    private static final int BUFFER = 64 * 1024;
    private static final int CHUNK = 256 * 1024;
    private static final int CHUNKS = 8;

    private LayerUnpack() {}

    /**
     * Unpacks {@code blob} into the new directory {@code dir} and returns the uncompressed size.
     *
     * @param compression the blob's compression, or null to detect it from its first bytes
     * @param what        names the layer in errors, e.g. {@code layer sha256:…}
     */
    public static long unpack(InputStream blob, Compression compression, Digest diffId, Path dir, String what,
                              Consumer<String> warnings) throws IOException {
        Path diff = dir.resolve(LayerRecord.DIFF);
        Files.createDirectories(diff);
        BufferedInputStream buffered = new BufferedInputStream(new FilterInputStream(blob) {
            @Override
            public void close() {
                // the caller's stream: it may still read the rest, e.g. to verify the whole blob
            }
        }, BUFFER);
        Compression c = compression != null ? compression : Decompression.sniff(buffered);
        DigestingInputStream plain = new DigestingInputStream(Decompression.open(buffered, c, what));
        // decompressing and hashing run in a thread beside the one creating files
        try (plain; ReadAheadInputStream ahead = new ReadAheadInputStream(plain, CHUNK, CHUNKS, "skiff-inflate");
             TarSplitRecorder split = new TarSplitRecorder(ahead, dir.resolve(TarSplit.FILE))) {
            BoundedTarInputStream tar = new BoundedTarInputStream(split, TarLimits.LAYER, what);
            LayerUnpacker.unpack(tar, diff, what, warnings, split);
            drainTrailing(split, what);
            split.finish();
        } catch (InvalidArchiveException e) {
            throw e;
        } catch (IOException e) {
            throw new InvalidArchiveException(what + ": " + e.getMessage(), e);
        }
        if (!plain.digest().equals(diffId)) {
            throw new InvalidArchiveException(what + ": uncompressed content has digest " + plain.digest()
                    + ", but the config's diff_id is " + diffId);
        }
        return plain.count();
    }

    private static void drainTrailing(InputStream plain, String what) throws IOException {
        // tar writers pad to a record; a stream that goes on after the end is a bomb or garbage
        long limit = TarLimits.LAYER.maxTrailingBytes();
        byte[] buf = new byte[BUFFER];
        long total = 0;
        int n;
        while ((n = plain.read(buf)) >= 0) {
            total += n;
            if (total > limit) {
                throw new InvalidArchiveException(what + ": more than " + limit + " bytes after the end of the tar stream");
            }
        }
    }
}

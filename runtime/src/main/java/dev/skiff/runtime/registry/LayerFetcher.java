package dev.skiff.runtime.registry;

import dev.skiff.oci.digest.Digest;
import dev.skiff.oci.image.Compression;
import dev.skiff.oci.image.Descriptor;
import dev.skiff.oci.image.MediaType;
import dev.skiff.runtime.archive.InvalidArchiveException;
import dev.skiff.runtime.image.ImageSource;
import dev.skiff.runtime.image.LayerUnpack;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Downloads layers a few at a time and unpacks each as it streams in: the blob is hashed,
 * decompressed, unpacked and recorded in one pass, into a directory of the pull's staging
 * area, with no copy of the compressed blob on disk. A layer is kept only when its blob
 * matches its descriptor and its content matches its diff_id.
 */
final class LayerFetcher {
    static final int PARALLEL = 3;

    /** One layer to fetch: its descriptor, its diff_id and the staging directory to unpack it into. */
    record Wanted(Descriptor descriptor, Digest diffId, Path dir) {}

    private final RegistryClient client;
    private final String repo;
    private final BlobProgress progress;
    private final Consumer<String> warnings;

    LayerFetcher(RegistryClient client, String repo, BlobProgress progress, Consumer<String> warnings) {
        this.client = client;
        this.repo = repo;
        this.progress = progress;
        this.warnings = warnings;
    }

    /** Fetches every layer; returns them unpacked in the order given, or throws the first failure. */
    List<ImageSource.Unpacked> fetch(List<Wanted> layers) throws IOException, InterruptedException {
        if (layers.isEmpty()) {
            return List.of();
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(PARALLEL, layers.size()), r -> {
            Thread t = new Thread(r, "skiff-layer");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<ImageSource.Unpacked>> futures = new ArrayList<>();
            for (Wanted w : layers) {
                futures.add(pool.submit(() -> fetchOne(w)));
            }
            List<ImageSource.Unpacked> out = new ArrayList<>();
            for (Future<ImageSource.Unpacked> f : futures) {
                try {
                    out.add(f.get());
                } catch (ExecutionException e) {
                    futures.forEach(other -> other.cancel(true));
                    Throwable c = e.getCause();
                    if (c instanceof RuntimeException re) {
                        throw re;
                    }
                    if (c instanceof IOException io) {
                        throw io;
                    }
                    throw new IOException(c);
                }
            }
            return out;
        } finally {
            // the staging directory is removed next: no fetch may still be writing into it
            pool.shutdownNow();
            if (!pool.awaitTermination(60, TimeUnit.SECONDS)) {
                warnings.accept("layer downloads did not stop within 60 seconds");
            }
        }
    }

    private ImageSource.Unpacked fetchOne(Wanted w) throws IOException, InterruptedException {
        Descriptor d = w.descriptor();
        Compression compression = MediaType.layerCompression(d.mediaType()).orElseThrow();
        progress.started(d);
        try (BlobStream blob = client.openBlob(repo, d, n -> progress.advanced(d, n))) {
            long size;
            try {
                size = LayerUnpack.unpack(blob, compression, w.diffId(), w.dir(), "layer " + d.digest(), warnings);
            } catch (InvalidArchiveException e) {
                // bytes that are not what the digest names are reported as that, not as what they made the parser see
                try {
                    blob.finish();
                } catch (RegistryException mismatch) {
                    mismatch.addSuppressed(e);
                    throw mismatch;
                }
                throw e;
            }
            blob.finish();
            progress.finished(d);
            return new ImageSource.Unpacked(w.dir(), size);
        }
    }
}

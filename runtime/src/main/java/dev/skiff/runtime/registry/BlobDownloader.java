package dev.skiff.runtime.registry;

import dev.skiff.oci.digest.Digest;
import dev.skiff.oci.image.Descriptor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Downloads layer blobs a few at a time into a staging directory, each verified as it streams. */
final class BlobDownloader {
    static final int PARALLEL = 3;

    private final RegistryClient client;
    private final String repo;
    private final Path dir;
    private final BlobProgress progress;

    BlobDownloader(RegistryClient client, String repo, Path dir, BlobProgress progress) {
        this.client = client;
        this.repo = repo;
        this.dir = dir;
        this.progress = progress;
    }

    /** Downloads every blob; returns each file by digest, or throws the first failure. */
    Map<Digest, Path> download(List<Descriptor> blobs) throws IOException, InterruptedException {
        Map<Digest, Path> files = new LinkedHashMap<>();
        if (blobs.isEmpty()) {
            return files;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(PARALLEL, blobs.size()), r -> {
            Thread t = new Thread(r, "skiff-blob");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Descriptor d : blobs) {
                Path file = dir.resolve(d.digest().hex());
                files.put(d.digest(), file);
                futures.add(pool.submit(() -> {
                    progress.started(d);
                    client.downloadBlob(repo, d, file, n -> progress.advanced(d, n));
                    progress.finished(d);
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
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
            return files;
        } finally {
            pool.shutdownNow();
        }
    }
}

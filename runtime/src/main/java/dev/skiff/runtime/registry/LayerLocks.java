package dev.skiff.runtime.registry;

import dev.skiff.runtime.storage.StorePaths;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Per-layer file locks ({@code tmp/layer-<chain-id>.lock}) held from a layer's download until its
 * import, so two pulls of images that share a layer fetch it once: the second waits, then finds
 * the layer stored. Taken in chain-id order, so two pulls never wait on each other in a cycle.
 */
final class LayerLocks implements AutoCloseable {
    private final List<FileChannel> channels;

    private LayerLocks(List<FileChannel> channels) {
        this.channels = channels;
    }

    /** Blocks until this process holds the lock of every layer in {@code chainIds}. */
    static LayerLocks acquire(StorePaths paths, List<String> chainIds) throws IOException {
        Files.createDirectories(paths.tmp());
        List<FileChannel> held = new ArrayList<>();
        try {
            for (String chain : new TreeSet<>(chainIds)) {
                FileChannel ch = FileChannel.open(paths.tmp().resolve("layer-" + chain + ".lock"),
                        StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                held.add(ch);
                ch.lock();
            }
            return new LayerLocks(held);
        } catch (IOException | RuntimeException e) {
            new LayerLocks(held).close();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (FileChannel ch : channels) {
            try {
                ch.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}

package dev.skiff.runtime.image;

import dev.skiff.runtime.storage.FileTrees;
import dev.skiff.runtime.storage.StorePaths;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Removes what no image references any more (layers, blobs) and what interrupted commands left
 * in {@code tmp/}. The caller holds the store lock, so nothing in {@code tmp/} is in use.
 */
final class StoreGarbage {
    static final String STAGING_PREFIX = "load-";
    static final String TRASH_PREFIX = StorePaths.TRASH_PREFIX;

    private StoreGarbage() {}

    /** Deletes {@code path} by first renaming it into {@code tmp/}, so it vanishes atomically. */
    static void discard(StorePaths paths, Path path) throws IOException {
        FileTrees.discard(paths.tmp(), path);
    }

    /** Removes leftovers of killed loads and removals. */
    static void cleanTmp(StorePaths paths) throws IOException {
        FileTrees.deleteLeftovers(paths.tmp(), STAGING_PREFIX, TRASH_PREFIX);
    }

    /** Removes layers and blobs that no stored image references. */
    static void collect(StorePaths paths) throws IOException {
        Set<String> layers = new HashSet<>();
        Set<String> blobs = new HashSet<>();
        if (Files.isDirectory(paths.images())) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(paths.images(), Files::isDirectory)) {
                for (Path dir : ds) {
                    Path file = dir.resolve(ImageRecord.FILE);
                    if (Files.exists(file)) {
                        ImageRecord r = ImageRecord.read(file);
                        layers.addAll(r.layerChainIds());
                        blobs.add(r.id());
                        blobs.add(r.manifestDigest().substring(r.manifestDigest().indexOf(':') + 1));
                    } else {
                        FileTrees.deleteRecursively(dir);
                    }
                }
            }
        }
        sweep(paths, paths.layers(), layers);
        sweep(paths, paths.blobs(), blobs);
    }

    private static void sweep(StorePaths paths, Path dir, Set<String> live) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                if (!live.contains(p.getFileName().toString())) {
                    discard(paths, p);
                }
            }
        }
    }
}

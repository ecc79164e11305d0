package dev.skiff.runtime.image;

import dev.skiff.runtime.storage.StoreLock;
import dev.skiff.runtime.storage.StorePaths;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** `image prune`: removes images without names (or, with all, every image no container uses). */
final class ImagePruner {
    private ImagePruner() {}

    /** Removes the unused images and what only they used; returns their ids. */
    @SuppressWarnings("try") // the lock is held for the whole block
    static List<String> prune(StorePaths paths, boolean all) throws IOException {
        try (StoreLock lock = StoreLock.acquire(paths)) {
            Path indexFile = paths.images().resolve(NameIndex.FILE);
            NameIndex index = NameIndex.read(indexFile);
            Map<String, Integer> used = ContainerUsers.counts(paths);
            List<String> removed = new ArrayList<>();
            for (String id : ids(paths)) {
                List<String> names = index.namesOf(id);
                if (used.containsKey(id) || (!all && !names.isEmpty())) {
                    continue;
                }
                names.forEach(index::remove);
                removed.add(id);
            }
            if (removed.isEmpty()) {
                return removed;
            }
            // names first: a kill between the two steps leaves unnamed images, never names of nothing
            index.write(indexFile);
            for (String id : removed) {
                StoreGarbage.discard(paths, paths.images().resolve(id));
            }
            StoreGarbage.collect(paths);
            StoreGarbage.cleanTmp(paths);
            forgetBuildSteps(paths, java.util.Set.copyOf(removed));
            return removed;
        }
    }

    /** Drops the build cache's entries for the REMOVED images: those steps must run again. */
    private static void forgetBuildSteps(StorePaths paths, java.util.Set<String> removed) throws IOException {
        if (!Files.isDirectory(paths.buildCache())) {
            return;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(paths.buildCache())) {
            for (Path entry : ds) {
                if (removed.contains(Files.readString(entry).strip())) {
                    Files.deleteIfExists(entry);
                }
            }
        }
    }

    private static List<String> ids(StorePaths paths) throws IOException {
        List<String> ids = new ArrayList<>();
        if (!Files.isDirectory(paths.images())) {
            return ids;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(paths.images())) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (dev.skiff.oci.digest.Digest.isHex64(n) && Files.isRegularFile(p.resolve(ImageRecord.FILE))) {
                    ids.add(n);
                }
            }
        }
        ids.sort(null);
        return ids;
    }
}

package dev.skiff.runtime.image;

import dev.skiff.runtime.storage.ContainerStates;
import dev.skiff.runtime.storage.FieldFile;
import dev.skiff.runtime.storage.StorePaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * `system df`: what the store's images and containers take on disk and how much of it could be
 * reclaimed (images no container uses, containers that are not running).
 *
 * @param rows Images, Containers and Local Volumes, in that order
 */
public record DiskUsage(List<Row> rows) {
    /** One line of `system df`. */
    public record Row(String type, int total, int active, long size, long reclaimable) {}

    static DiskUsage of(StorePaths paths, List<StoredImage> images) throws IOException {
        Map<String, Integer> used = ContainerUsers.counts(paths);
        long imageSize = 0;
        long imageFree = 0;
        int activeImages = 0;
        for (StoredImage i : images) {
            imageSize += i.size();
            if (used.containsKey(i.id())) {
                activeImages++;
            } else {
                imageFree += i.size();
            }
        }
        List<FieldFile> containers = ContainerStates.all(paths);
        long containerSize = 0;
        long containerFree = 0;
        int running = 0;
        for (FieldFile c : containers) {
            long size = treeSize(paths.containers().resolve(c.get("id")));
            containerSize += size;
            if (c.get("status").equals("running")) {
                running++;
            } else {
                containerFree += size;
            }
        }
        return new DiskUsage(List.of(
                new Row("Images", images.size(), activeImages, imageSize, imageFree),
                new Row("Containers", containers.size(), running, containerSize, containerFree),
                new Row("Local Volumes", 0, 0, 0, 0)));
    }

    /** Bytes of the regular files under {@code dir}, each inode once; 0 when it is gone. */
    private static long treeSize(Path dir) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return 0;
        }
        Set<Object> seen = new HashSet<>();
        try (Stream<Path> all = Files.walk(dir)) {
            return all.mapToLong(p -> {
                try {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    return a.isRegularFile() && seen.add(a.fileKey()) ? a.size() : 0;
                } catch (NoSuchFileException e) {
                    return 0;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}

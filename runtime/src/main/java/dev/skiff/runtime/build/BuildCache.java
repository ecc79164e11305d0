package dev.skiff.runtime.build;

import dev.skiff.oci.digest.Digest;
import dev.skiff.runtime.SkiffException;
import dev.skiff.runtime.storage.AtomicFiles;
import dev.skiff.runtime.storage.StorePaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The layer cache of `build`: each step's key (its parent image, its instruction and what it
 * reads) mapped to the intermediate image the step made, one small file per key under
 * {@code build-cache/}. An entry whose image was removed is a miss.
 */
public final class BuildCache {
    private final Path dir;

    public BuildCache(StorePaths paths) {
        this.dir = paths.buildCache();
    }

    /** The key of a step: PARENT (an image id) and the parts that make the step what it is. */
    public static String key(String parent, String... parts) {
        StringBuilder b = new StringBuilder(parent);
        for (String p : parts) {
            b.append('\n').append(p.length()).append(':').append(p); // lengths keep parts from running together
        }
        return Digest.of(b.toString().getBytes(StandardCharsets.UTF_8)).hex();
    }

    /** The image recorded for KEY, if any. */
    public Optional<String> get(String key) {
        try {
            String id = Files.readString(dir.resolve(key), StandardCharsets.UTF_8).strip();
            return Digest.isHex64(id) ? Optional.of(id) : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new SkiffException("build cache " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Records that the step KEY made image ID. */
    public void put(String key, String id) {
        try {
            Files.createDirectories(dir);
            AtomicFiles.write(dir.resolve(key), (id + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new SkiffException("build cache " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The ids of every image the cache records: build intermediates, which `images` lists only with -a. */
    public Set<String> images() {
        Set<String> out = new HashSet<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                if (Digest.isHex64(p.getFileName().toString())) {
                    get(p.getFileName().toString()).ifPresent(out::add);
                }
            }
        } catch (IOException e) {
            throw new SkiffException("build cache " + dir + ": " + e.getMessage(), e);
        }
        return out;
    }
}

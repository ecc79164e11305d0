package dev.skiff.runtime.build;

import dev.skiff.oci.digest.Digest;
import dev.skiff.oci.image.Compression;
import dev.skiff.oci.image.MediaType;
import dev.skiff.oci.json.Json;
import dev.skiff.runtime.SkiffException;
import dev.skiff.runtime.container.ContainerCommit;
import dev.skiff.runtime.container.ContainerDir;
import dev.skiff.runtime.image.ImageSource;
import dev.skiff.runtime.image.ImageStore;
import dev.skiff.runtime.storage.FileTrees;
import dev.skiff.runtime.storage.StorePaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes the image a build step leaves: the parent's layers, plus the working container's changes
 * as one new layer when the step changed files, under the step's config with one more history
 * entry. Layers already in the store are never read again.
 */
final class StepCommit {
    private final StorePaths paths;
    private final ImageStore images;
    private final boolean docker;

    StepCommit(StorePaths paths, ImageStore images, boolean docker) {
        this.paths = paths;
        this.images = images;
        this.docker = docker;
    }

    /**
     * Commits DOC (a whole image config, changed in place: created, history, diff_ids) over
     * PARENT_LAYERS (their count), with CHANGES' upper directory as a new layer, or without a
     * layer when CHANGES is null; CREATED_BY is the history entry. Returns the new image's id.
     */
    String commit(Map<String, Object> doc, int parentLayers, ContainerDir changes, String createdBy) {
        Path staging = null;
        try {
            Files.createDirectories(paths.tmp());
            List<ImageSource.Layer> layers = new ArrayList<>();
            for (int i = 0; i < parentLayers; i++) {
                layers.add(new ImageSource.Layer(null, Compression.NONE, () -> {
                    throw new IOException("the base image's layers were removed during the build; build again");
                }));
            }
            String now = Instant.now().toString();
            doc.put("created", now);
            if (changes != null) {
                staging = Files.createTempDirectory(paths.tmp(), "build-");
                Path tar = staging.resolve("layer.tar");
                Digest diffId = ContainerCommit.writeLayer(changes, tar);
                layers.add(new ImageSource.Layer(null, Compression.NONE, () -> Files.newInputStream(tar)));
                rootfs(doc).add(diffId.toString());
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("created", now);
            entry.put("created_by", createdBy);
            if (changes == null) {
                entry.put("empty_layer", true);
            }
            history(doc).add(entry);
            ImageSource src = new ImageSource("build step `" + createdBy + "`", Json.toBytes(doc), null,
                    docker ? MediaType.DOCKER_MANIFEST : MediaType.OCI_MANIFEST, layers, List.of());
            return images.importImage(src, line -> { }, warning -> { });
        } catch (IOException e) {
            throw new SkiffException("commit build step `" + createdBy + "`: " + e.getMessage(), e);
        } finally {
            if (staging != null) {
                try {
                    FileTrees.deleteRecursively(staging);
                } catch (IOException e) {
                    // the store's tmp/ is emptied by the next import
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Object> rootfs(Map<String, Object> doc) {
        Map<String, Object> rootfs = doc.get("rootfs") instanceof Map<?, ?> r
                ? new LinkedHashMap<>((Map<String, Object>) r) : new LinkedHashMap<>();
        List<Object> diffIds = new ArrayList<>(rootfs.get("diff_ids") instanceof List<?> l ? l : List.of());
        rootfs.put("type", "layers");
        rootfs.put("diff_ids", diffIds);
        doc.put("rootfs", rootfs);
        return diffIds;
    }

    private static List<Object> history(Map<String, Object> doc) {
        List<Object> history = new ArrayList<>(doc.get("history") instanceof List<?> h ? h : List.of());
        doc.put("history", history);
        return history;
    }
}

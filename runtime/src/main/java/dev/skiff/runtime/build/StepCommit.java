package dev.skiff.runtime.build;

import dev.skiff.oci.json.Json;
import dev.skiff.runtime.SkiffException;
import dev.skiff.runtime.container.ContainerCommit;
import dev.skiff.runtime.container.ContainerDir;
import dev.skiff.runtime.image.ImageStore;
import dev.skiff.runtime.storage.StorePaths;
import java.io.IOException;
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
        String now = Instant.now().toString();
        doc.put("created", now);
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("created", now);
        entry.put("created_by", createdBy);
        if (changes == null) {
            entry.put("empty_layer", true);
        }
        history(doc).add(entry);
        try {
            return ContainerCommit.importOver(paths, images, parentLayers, changes, diffId -> {
                if (diffId != null) {
                    rootfs(doc).add(diffId.toString());
                }
                return Json.toBytes(doc);
            }, "build step `" + createdBy + "`", docker, List.of(), line -> { }, warning -> { });
        } catch (IOException e) {
            throw new SkiffException("commit build step `" + createdBy + "`: " + e.getMessage(), e);
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

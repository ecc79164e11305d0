package dev.skiff.runtime.image;

import dev.skiff.oci.image.ImageConfig;
import dev.skiff.oci.json.InvalidDocumentException;
import dev.skiff.oci.json.Json;
import dev.skiff.runtime.SkiffException;
import dev.skiff.runtime.storage.StorePaths;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The steps of an image's history as `podman history` (4.3) lists them: the config's history
 * entries newest first, each that is not an {@code empty_layer} matched with the next layer down
 * from the top.
 */
public final class ImageHistory {
    /**
     * One history entry.
     *
     * @param imageId   the id (hex) of a stored image whose top layer is this step's layer, when
     *                  that image was not named by a newer step; podman prints {@code <missing>} without one
     * @param created   when the step ran, with the offset the config gave; empty when it gave none
     *                  or not an RFC 3339 time
     * @param createdBy the command of the step; "" when absent
     * @param size      the uncompressed size of the layer the step added; 0 for an empty layer
     * @param comment   the step's comment; "" when absent
     */
    public record Entry(Optional<String> imageId, Optional<OffsetDateTime> created, String createdBy, long size,
                        String comment) {}

    /** A stored layer's record by its chain id (hex). */
    @FunctionalInterface
    interface Layers {
        LayerRecord read(String chainId) throws IOException;
    }

    private ImageHistory() {}

    /**
     * The history of the stored image {@code image} whose config is {@code config}; {@code stored}
     * are all stored images, for the ids of the images whose top layers lie under it.
     */
    static List<Entry> of(StorePaths paths, ImageRecord image, byte[] config, List<ImageRecord> stored)
            throws IOException {
        ImageConfig parsed;
        try {
            parsed = Json.read(config, ImageConfig.class);
        } catch (InvalidDocumentException e) {
            throw new SkiffException("image " + image.id() + ": config: " + e.getMessage(), e);
        }
        List<ImageRecord> byStoreOrder = new ArrayList<>(stored);
        byStoreOrder.sort(Comparator.comparing(ImageRecord::storedInstant).thenComparing(ImageRecord::id));
        Map<String, List<String>> imagesByTopLayer = new LinkedHashMap<>();
        for (ImageRecord r : byStoreOrder) {
            if (!r.layerChainIds().isEmpty()) {
                imagesByTopLayer.computeIfAbsent(r.layerChainIds().getLast(), k -> new ArrayList<>()).add(r.id());
            }
        }
        String top = image.layerChainIds().isEmpty() ? null : image.layerChainIds().getLast();
        return entries(parsed, image.id(), top, chain -> LayerRecord.read(paths.layers().resolve(chain)),
                imagesByTopLayer);
    }

    /**
     * Walks the history from the newest entry down, and the layers from {@code topChainId} (null
     * for an image without layers) down their parents: a non-empty entry takes the current layer's
     * size and moves to its parent. As podman does, the walk stays on the bottom layer when entries
     * outnumber layers, and an entry whose current layer is the top layer of stored images names
     * the first of them not named yet.
     *
     * @param imagesByTopLayer ids of stored images by their top layer's chain id, in store order
     */
    static List<Entry> entries(ImageConfig config, String imageId, String topChainId, Layers layers,
                               Map<String, List<String>> imagesByTopLayer) throws IOException {
        List<ImageConfig.History> history = config.history();
        List<Entry> entries = new ArrayList<>(history.size());
        Set<String> named = new HashSet<>();
        String layer = topChainId;
        for (int i = history.size() - 1; i >= 0; i--) {
            ImageConfig.History h = history.get(i);
            Optional<String> id = Optional.empty();
            long size = 0;
            if (layer != null) {
                id = firstUnnamed(imagesOn(layer, imageId, imagesByTopLayer), named);
                if (!Boolean.TRUE.equals(h.emptyLayer())) {
                    LayerRecord record = read(layers, layer);
                    size = record.size();
                    if (!record.parentChainId().isEmpty()) {
                        layer = record.parentChainId();
                    }
                }
            }
            entries.add(new Entry(id, created(h.created()), h.createdBy() == null ? "" : h.createdBy(), size,
                    h.comment() == null ? "" : h.comment()));
        }
        return entries;
    }

    /**
     * The images whose top layer is {@code layer}: the image asked about first, where podman takes
     * whichever was stored first, so that its own top row always names it.
     */
    private static List<String> imagesOn(String layer, String imageId, Map<String, List<String>> imagesByTopLayer) {
        List<String> ids = imagesByTopLayer.getOrDefault(layer, List.of());
        if (ids.size() > 1 && ids.contains(imageId) && !ids.getFirst().equals(imageId)) {
            List<String> reordered = new ArrayList<>(ids);
            reordered.remove(imageId);
            reordered.addFirst(imageId);
            return reordered;
        }
        return ids;
    }

    /** Podman looks only at the first image on a layer: once it is named, the layer's rows are unnamed. */
    private static Optional<String> firstUnnamed(List<String> ids, Set<String> named) {
        return !ids.isEmpty() && named.add(ids.getFirst()) ? Optional.of(ids.getFirst()) : Optional.empty();
    }

    private static LayerRecord read(Layers layers, String chainId) throws IOException {
        try {
            return layers.read(chainId);
        } catch (IOException e) {
            throw new IOException("layer " + chainId.substring(0, Math.min(12, chainId.length())) + ": "
                    + e.getMessage(), e);
        }
    }

    private static Optional<OffsetDateTime> created(String s) {
        if (s == null || s.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(s));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}

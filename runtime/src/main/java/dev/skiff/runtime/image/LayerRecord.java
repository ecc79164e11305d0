package dev.skiff.runtime.image;

import dev.skiff.runtime.storage.FieldFile;
import java.io.IOException;
import java.nio.file.Path;

/** What the store keeps about an unpacked layer ({@code layers/<chain>/layer}) beside its {@code diff/}. */
record LayerRecord(String diffId, long size, String parentChainId) {
    static final String FILE = "layer";
    static final String DIFF = "diff";

    static LayerRecord read(Path layerDir) throws IOException {
        FieldFile f = FieldFile.read(layerDir.resolve(FILE));
        try {
            return new LayerRecord(f.get("diffId"), Long.parseLong(f.get("size")), f.get("parent"));
        } catch (NumberFormatException e) {
            throw new IOException(layerDir.resolve(FILE) + ": bad size", e);
        }
    }

    void write(Path layerDir) throws IOException {
        FieldFile.create().put("diffId", diffId).put("size", Long.toString(size)).put("parent", parentChainId)
                .writeTo(layerDir.resolve(FILE));
    }
}

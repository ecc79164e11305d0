package dev.skiff.runtime.image;

import java.time.Instant;
import java.util.List;

/**
 * An image in the local store: its id (64 hex digits, the sha256 of its config), its names as
 * full references (newest first), when it was created and its size in bytes.
 */
public record StoredImage(String id, List<String> names, Instant created, long size) {
    public StoredImage {
        names = List.copyOf(names);
    }

    /** The first 12 hex digits of the id. */
    public String shortId() {
        return id.substring(0, 12);
    }
}

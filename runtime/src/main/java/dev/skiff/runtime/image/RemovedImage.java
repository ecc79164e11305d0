package dev.skiff.runtime.image;

import java.util.List;
import java.util.Optional;

/** What `rmi` did: the names it removed and, when the image itself went, its id. */
public record RemovedImage(List<String> untagged, Optional<String> deletedId) {
    public RemovedImage {
        untagged = List.copyOf(untagged);
    }
}

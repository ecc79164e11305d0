package dev.skiff.runtime.image;

import dev.skiff.runtime.storage.ContainerStates;
import dev.skiff.runtime.storage.FieldFile;
import dev.skiff.runtime.storage.StorePaths;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Which containers use an image, from the containers' state records. */
final class ContainerUsers {
    private ContainerUsers() {}

    /** The id of a container made from image {@code imageId}, if any. */
    static Optional<String> firstUsing(StorePaths paths, String imageId) throws IOException {
        for (FieldFile state : ContainerStates.all(paths)) {
            if (imageId.equals(state.get("imageId"))) {
                return Optional.of(state.get("id"));
            }
        }
        return Optional.empty();
    }

    /** How many containers each image id has. */
    static Map<String, Integer> counts(StorePaths paths) throws IOException {
        Map<String, Integer> counts = new HashMap<>();
        for (FieldFile state : ContainerStates.all(paths)) {
            counts.merge(state.get("imageId"), 1, Integer::sum);
        }
        return counts;
    }
}

package dev.skiff.runtime.container;

import dev.skiff.runtime.storage.FieldFile;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A pod: containers sharing one network namespace (with its published ports), IPC and UTS,
 * held by an infra container that runs skiff's pause program ({@code pods/ID/pod}).
 *
 * @param id       64 hex digits
 * @param name     the pod's name, also its containers' host name
 * @param created  when it was created
 * @param labels   KEY=VALUE labels
 * @param infraId  the infra container's id
 */
public record Pod(String id, String name, Instant created, List<String> labels, String infraId) {
    static final String FILE = "pod";
    /** What a pod's containers share with its infra container besides the network. */
    static final List<String> SHARED = List.of("ipc", "uts");

    static Optional<Pod> load(Path dir) {
        try {
            FieldFile f = FieldFile.read(dir.resolve(FILE));
            return Optional.of(new Pod(f.get("id"), f.get("name"), Instant.parse(f.get("created")), f.list("labels"),
                    f.get("infra")));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // being created or removed
        }
    }

    FieldFile record() {
        return FieldFile.create().put("id", id).put("name", name).put("created", created.toString())
                .put("labels", labels).put("infra", infraId);
    }
}

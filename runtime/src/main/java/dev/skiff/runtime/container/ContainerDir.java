package dev.skiff.runtime.container;

import dev.skiff.runtime.SkiffException;
import dev.skiff.runtime.image.StoredImage;
import dev.skiff.runtime.storage.ContainerStates;
import dev.skiff.runtime.storage.FieldFile;
import dev.skiff.runtime.storage.FileTrees;
import dev.skiff.runtime.storage.StoreLock;
import dev.skiff.runtime.storage.StorePaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A container's directory in the store: `upper/` and `work/` for overlay, `merged/` where the
 * rootfs is mounted (only inside the container's mount namespace), `userdata/` for files
 * skiff writes, and `state` (a {@link FieldFile}) for what it is and how it ended.
 */
public final class ContainerDir {

    private final Path root;
    private final String id;
    private final String name;
    private final FieldFile state = FieldFile.create();

    private ContainerDir(Path root, String id, String name) {
        this.root = root;
        this.id = id;
        this.name = name;
    }

    /** Creates the directory of a new container, holding the store's lock while its name is claimed. */
    static ContainerDir create(StorePaths paths, Optional<String> requestedName, StoredImage image) {
        String id = ContainerIds.newId();
        String name = requestedName.map(ContainerIds::checkName).orElse(ContainerIds.generatedName(id));
        Path containers = paths.containers();
        try {
            Files.createDirectories(containers);
            try (StoreLock lock = StoreLock.acquire(paths)) {
                if (nameTaken(paths, name)) {
                    if (requestedName.isPresent()) {
                        throw new SkiffException("the container name \"" + name + "\" is already in use; "
                                + "remove that container or choose another name");
                    }
                    name = name + "_" + id.substring(0, 6);
                }
                Path root = containers.resolve(id);
                Files.createDirectory(root);
                ContainerDir dir = new ContainerDir(root, id, name);
                for (String sub : List.of("upper", "work", "merged", "userdata")) {
                    Files.createDirectory(root.resolve(sub));
                }
                dir.state.put("id", id);
                dir.state.put("name", name);
                dir.state.put("image", image.names().isEmpty() ? image.id() : image.names().getFirst());
                dir.state.put("imageId", image.id());
                dir.state.put("created", Instant.now().toString());
                dir.storeState("created");
                return dir;
            }
        } catch (IOException e) {
            throw new SkiffException("create container in " + containers + ": " + e.getMessage(), e);
        }
    }

    private static boolean nameTaken(StorePaths paths, String name) throws IOException {
        for (FieldFile state : ContainerStates.all(paths)) {
            if (name.equals(state.get("name"))) {
                return true;
            }
        }
        return false;
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    Path rootfs() {
        return root.resolve("merged");
    }

    Path upper() {
        return root.resolve("upper");
    }

    Path work() {
        return root.resolve("work");
    }

    Path userdata() {
        return root.resolve("userdata");
    }

    Path writeUserdata(String file, String content) {
        return writeUserdata(file, content.getBytes(StandardCharsets.UTF_8));
    }

    Path writeUserdata(String file, byte[] content) {
        Path p = userdata().resolve(file);
        try {
            Files.write(p, content);
            return p;
        } catch (IOException e) {
            throw new SkiffException("write " + p + ": " + e.getMessage(), e);
        }
    }

    void saveState(String status, List<String> argv) {
        state.put("command", argv);
        storeState(status);
    }

    void saveExit(int code) {
        state.put("exitCode", Integer.toString(code));
        state.put("finished", Instant.now().toString());
        storeState("exited");
    }

    private void storeState(String status) {
        state.put("status", status);
        try {
            state.writeTo(root.resolve(ContainerStates.FILE));
        } catch (IOException e) {
            throw new SkiffException("save state of container " + name + ": " + e.getMessage(), e);
        }
    }

    /** Removes everything the container had on disk, files owned by any of its ids included. */
    void delete() {
        try {
            FileTrees.deleteRecursively(root);
        } catch (IOException e) {
            throw new SkiffException("remove container " + name + " at " + root + ": " + e, e);
        }
    }
}

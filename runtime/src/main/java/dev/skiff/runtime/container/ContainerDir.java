package dev.skiff.runtime.container;

import dev.skiff.runtime.SkiffException;
import dev.skiff.runtime.image.StoredImage;
import dev.skiff.runtime.storage.FileTrees;
import dev.skiff.runtime.storage.StorePaths;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * A container's directory in the store: `upper/` and `work/` for overlay, `merged/` where the
 * rootfs is mounted (only inside the container's mount namespace), `userdata/` for files
 * skiff writes, and `container.properties` for its state.
 */
public final class ContainerDir {
    private final Path root;
    private final String id;
    private final String name;
    private final Properties state = new Properties();

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
            try (FileChannel lockFile = FileChannel.open(containers.resolve(".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock lock = lockFile.lock()) {
                if (nameTaken(containers, name)) {
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
                dir.state.setProperty("id", id);
                dir.state.setProperty("name", name);
                dir.state.setProperty("image", image.names().isEmpty() ? image.id() : image.names().getFirst());
                dir.state.setProperty("imageId", image.id());
                dir.state.setProperty("created", Instant.now().toString());
                dir.storeState("created");
                return dir;
            }
        } catch (IOException e) {
            throw new SkiffException("create container in " + containers + ": " + e.getMessage(), e);
        }
    }

    private static boolean nameTaken(Path containers, String name) throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(containers, p -> !p.getFileName().toString().startsWith("."))) {
            for (Path c : ds) {
                Path props = c.resolve("container.properties");
                if (Files.isRegularFile(props)) {
                    Properties p = new Properties();
                    try (var in = Files.newInputStream(props)) {
                        p.load(in);
                    }
                    if (name.equals(p.getProperty("name"))) {
                        return true;
                    }
                }
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
        state.setProperty("command", String.join(" ", argv));
        storeState(status);
    }

    void saveExit(int code) {
        state.setProperty("exitCode", Integer.toString(code));
        state.setProperty("finished", Instant.now().toString());
        storeState("exited");
    }

    private void storeState(String status) {
        state.setProperty("status", status);
        Path target = root.resolve("container.properties");
        Path tmp = root.resolve(".container.properties.tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                state.store(out, null);
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
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

package dev.skiff.runtime.registry;

import dev.skiff.oci.json.Json;
import dev.skiff.runtime.SkiffException;
import dev.skiff.runtime.storage.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The containers auth.json that podman and skopeo share ({@code {"auths":{"host":{"auth":"…"}}}}):
 * {@code $REGISTRY_AUTH_FILE} or {@code $XDG_RUNTIME_DIR/containers/auth.json}, with
 * {@code ~/.docker/config.json} read as a fallback.
 */
public final class AuthFile {
    private static final String DOCKER_HUB_LEGACY = "https://index.docker.io/v1/";

    private final Path file;
    private final Path dockerConfig;

    private AuthFile(Path file, Path dockerConfig) {
        this.file = file;
        this.dockerConfig = dockerConfig;
    }

    /** The file {@code --authfile} names, or the default one of this environment. */
    public static AuthFile of(String authfileOption, Map<String, String> env) {
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        Path docker = Path.of(home, ".docker", "config.json");
        if (authfileOption != null && !authfileOption.isEmpty()) {
            return new AuthFile(Path.of(authfileOption), null);
        }
        String explicit = env.get("REGISTRY_AUTH_FILE");
        if (explicit != null && !explicit.isEmpty()) {
            return new AuthFile(Path.of(explicit), docker);
        }
        String runtime = env.get("XDG_RUNTIME_DIR");
        Path dir = runtime != null && !runtime.isEmpty() ? Path.of(runtime)
                : Path.of(env.getOrDefault("TMPDIR", "/tmp"), "containers-user-" + env.getOrDefault("SKIFF_HOST_UID", "0"));
        return new AuthFile(dir.resolve("containers").resolve("auth.json"), docker);
    }

    /** Where logins are written. */
    public Path path() {
        return file;
    }

    /** The stored credentials for {@code registry} (host[:port]), from auth.json then Docker's file. */
    public Optional<Credentials> get(String registry) {
        Optional<Credentials> c = lookup(read(file), registry);
        if (c.isEmpty() && dockerConfig != null) {
            c = lookup(read(dockerConfig), registry);
        }
        return c;
    }

    /** Saves credentials for {@code registry}, atomically and readable only by the user. */
    public void put(String registry, Credentials credentials) {
        Map<String, Object> root = read(file);
        Map<String, Object> auths = auths(root);
        auths.put(registry, Map.of("auth", credentials.authField()));
        root.put("auths", auths);
        write(root);
    }

    /** Removes the login of {@code registry}; false when there was none. */
    public boolean remove(String registry) {
        Map<String, Object> root = read(file);
        Map<String, Object> auths = auths(root);
        if (auths.remove(registry) == null) {
            return false;
        }
        root.put("auths", auths);
        write(root);
        return true;
    }

    /** Removes every login. */
    public void removeAll() {
        Map<String, Object> root = read(file);
        if (!root.isEmpty()) {
            root.put("auths", new LinkedHashMap<>());
            write(root);
        }
    }

    private static Optional<Credentials> lookup(Map<String, Object> root, String registry) {
        Map<String, Object> auths = auths(root);
        Object entry = auths.get(registry);
        if (entry == null && registry.equals("docker.io")) {
            entry = auths.get(DOCKER_HUB_LEGACY);
        }
        if (entry instanceof Map<?, ?> m && m.get("auth") instanceof String auth) {
            return Optional.ofNullable(Credentials.fromAuthField(auth));
        }
        return Optional.empty();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> auths(Map<String, Object> root) {
        Object a = root.get("auths");
        return a instanceof Map<?, ?> m ? new LinkedHashMap<>((Map<String, Object>) m) : new LinkedHashMap<>();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> read(Path path) {
        if (!Files.isRegularFile(path)) {
            return new LinkedHashMap<>();
        }
        try (InputStream in = Files.newInputStream(path)) {
            byte[] bytes = Json.readAllBounded(in, Json.MAX_SMALL_DOCUMENT * 16, "auth file " + path);
            if (bytes.length == 0 || new String(bytes, StandardCharsets.UTF_8).isBlank()) {
                return new LinkedHashMap<>();
            }
            return new LinkedHashMap<>(Json.read(bytes, Map.class));
        } catch (IOException | RuntimeException e) {
            throw new SkiffException("auth file `" + path + "`: " + e.getMessage(), e);
        }
    }

    private void write(Map<String, Object> root) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            byte[] bytes = (Json.toPrettyString(root, 1).replace("\n ", "\n\t") + "\n").getBytes(StandardCharsets.UTF_8);
            // created 0600 before the first byte is written: the file holds passwords
            Path tmp = Files.createTempFile(dir, ".auth-", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                    ch.write(ByteBuffer.wrap(bytes));
                    ch.force(true);
                }
                AtomicFiles.rename(tmp, file);
            } finally {
                Files.deleteIfExists(tmp);
            }
            AtomicFiles.fsyncDirectory(dir);
        } catch (IOException e) {
            throw new SkiffException("auth file `" + file + "`: " + e.getMessage(), e);
        }
    }
}

package dev.skiff.runtime.storage;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where skiff keeps its state: the store root (blobs, layers, images, containers, tmp) and the
 * run directory (pids, sockets, exit files).
 */
public final class StorePaths {
    private final Path root;
    private final Path runDir;

    public StorePaths(Path root, Path runDir) {
        this.root = root.toAbsolutePath().normalize();
        this.runDir = runDir.toAbsolutePath().normalize();
    }

    /** A store rooted at {@code root}, with its run directory inside it (for tests and tools). */
    public static StorePaths at(Path root) {
        return new StorePaths(root, root.resolve("run"));
    }

    /**
     * The store of the user running skiff, chosen from the environment; the system property
     * {@code skiff.root} (for in-process tests) overrides {@code SKIFF_ROOT}.
     */
    public static StorePaths forCurrentUser() {
        String property = System.getProperty("skiff.root");
        if (property != null && !property.isEmpty()) {
            Map<String, String> env = new java.util.HashMap<>(System.getenv());
            env.put("SKIFF_ROOT", property);
            return forEnvironment(env);
        }
        return forEnvironment(System.getenv());
    }

    /**
     * {@code SKIFF_ROOT} when set; else, rootless (the launcher sets {@code SKIFF_HOST_UID}),
     * {@code $XDG_DATA_HOME/skiff/storage} or {@code ~/.local/share/skiff/storage}; else
     * {@code /var/lib/skiff/storage}.
     */
    public static StorePaths forEnvironment(Map<String, String> env) {
        String hostUid = nonEmpty(env.get("SKIFF_HOST_UID"));
        boolean rootless = hostUid != null;
        Path root;
        String explicit = nonEmpty(env.get("SKIFF_ROOT"));
        if (explicit != null) {
            root = Path.of(explicit);
        } else if (rootless) {
            String xdg = nonEmpty(env.get("XDG_DATA_HOME"));
            String home = nonEmpty(env.get("HOME"));
            Path data = xdg != null ? Path.of(xdg)
                    : Path.of(home != null ? home : System.getProperty("user.home"), ".local", "share");
            root = data.resolve("skiff").resolve("storage");
        } else {
            root = Path.of("/var/lib/skiff/storage");
        }
        return new StorePaths(root, runDir(env, hostUid));
    }

    private static Path runDir(Map<String, String> env, String hostUid) {
        String xdg = nonEmpty(env.get("XDG_RUNTIME_DIR"));
        if (hostUid != null && xdg != null) {
            return Path.of(xdg, "skiff");
        }
        if (hostUid == null) {
            return Path.of("/run/skiff");
        }
        String tmp = nonEmpty(env.get("TMPDIR"));
        return Path.of(tmp != null ? tmp : "/tmp", "skiff-run-" + hostUid);
    }

    private static String nonEmpty(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    /** The store root. */
    public Path root() {
        return root;
    }

    /** Content-addressed blobs: {@code blobs/sha256/<hex>}. */
    public Path blobs() {
        return root.resolve("blobs").resolve("sha256");
    }

    /** Unpacked layers: {@code layers/<chain-id-hex>/diff}. */
    public Path layers() {
        return root.resolve("layers");
    }

    /** Image records: {@code images/<image-id-hex>/}, and the name index {@code images/names}. */
    public Path images() {
        return root.resolve("images");
    }

    /** Containers: {@code containers/<id>/}. */
    public Path containers() {
        return root.resolve("containers");
    }

    /** The layer cache of `build`: {@code build-cache/<key-hex>} holding an image id. */
    public Path buildCache() {
        return root.resolve("build-cache");
    }

    /**
     * The prefix of what is being removed, or made, under {@link #tmp()}: what a killed command
     * leaves there with it is removed by the next import or prune.
     */
    public static final String TRASH_PREFIX = "trash-";

    /** Staging on the store's filesystem, so finished work appears by rename. */
    public Path tmp() {
        return root.resolve("tmp");
    }

    /** The lock that serialises changes to images, names and layers. */
    public Path lockFile() {
        return root.resolve("store.lock");
    }

    /** Runtime state: pids, sockets, exit files. */
    public Path runDir() {
        return runDir;
    }

    @Override
    public String toString() {
        return root.toString();
    }
}

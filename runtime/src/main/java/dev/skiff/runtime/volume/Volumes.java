package dev.skiff.runtime.volume;

import dev.skiff.runtime.SkiffException;
import dev.skiff.runtime.storage.AtomicFiles;
import dev.skiff.runtime.storage.FileTrees;
import dev.skiff.runtime.storage.StoreLock;
import dev.skiff.runtime.storage.StorePaths;
import dev.skiff.runtime.storage.TempPaths;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** The store's volumes: {@code volumes/NAME/} with its record and {@code _data}. */
public final class Volumes {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");
    private static final List<String> OPTION_KEYS = List.of("type", "device", "o");

    private final StorePaths paths;

    public Volumes(StorePaths paths) {
        this.paths = paths;
    }

    private Path root() {
        return paths.root().resolve("volumes");
    }

    /** A new name for an anonymous volume: 64 hex digits, as podman's. */
    public static String anonymousName() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /**
     * Creates volume NAME with LABELS and driver OPTIONS (`--opt`: type=tmpfs with o=size=..., the
     * one kind a rootless user may mount besides the plain directory). With IGNORE an existing
     * volume of that name is returned as it is; otherwise it is an error.
     */
    public Volume create(String name, List<String> labels, List<String> options, boolean anonymous, boolean ignore) {
        checkName(name);
        for (String o : options) {
            int eq = o.indexOf('=');
            if (eq <= 0 || !OPTION_KEYS.contains(o.substring(0, eq))) {
                throw new SkiffException("--opt `" + o + "`: the local driver takes type=, device= and o=");
            }
        }
        Optional<String> type = options.stream().filter(o -> o.startsWith("type=")).map(o -> o.substring(5)).findFirst();
        if (type.isPresent() && !type.get().equals("tmpfs")) {
            throw new SkiffException("--opt type=" + type.get() + ": a rootless volume can be a directory or type=tmpfs; "
                    + "mounting " + type.get() + " takes root");
        }
        try {
            Files.createDirectories(root());
            Files.createDirectories(paths.tmp());
            try (StoreLock lock = StoreLock.acquire(paths)) {
                Optional<Volume> existing = find(name);
                if (existing.isPresent()) {
                    if (ignore) {
                        return existing.get();
                    }
                    throw new SkiffException("volume with name " + name + " already exists: volume already exists");
                }
                Path staging = TempPaths.directory(paths.tmp(), "volume-");
                try {
                    Files.createDirectory(staging.resolve("_data"));
                    Volume v = new Volume(name, root().resolve(name), Instant.now(), labels.stream()
                            .map(l -> l.contains("=") ? l : l + "=").toList(), options, anonymous);
                    AtomicFiles.write(staging.resolve(Volume.RECORD), v.record().toBytes());
                    AtomicFiles.rename(staging, v.dir());
                    return v;
                } catch (IOException | RuntimeException e) {
                    FileTrees.deleteRecursively(staging);
                    throw e;
                }
            }
        } catch (IOException e) {
            throw new SkiffException("create volume " + name + ": " + e.getMessage(), e);
        }
    }

    /** The volume named NAME, if there is one. */
    public Optional<Volume> find(String name) {
        if (!NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        return Volume.load(root().resolve(name));
    }

    /** The volume named NAME; an error naming it when there is none. */
    public Volume get(String name) {
        return find(name).orElseThrow(() -> new SkiffException("no volume with name \"" + name
                + "\" found: no such volume (see skiff volume ls)"));
    }

    /** Every volume, by name. */
    public List<Volume> list() {
        List<Volume> out = new ArrayList<>();
        if (!Files.isDirectory(root())) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root(), Files::isDirectory)) {
            for (Path dir : ds) {
                Volume.load(dir).ifPresent(out::add);
            }
        } catch (IOException e) {
            throw new SkiffException("list volumes in " + root() + ": " + e.getMessage(), e);
        }
        out.sort(Comparator.comparing(Volume::name));
        return out;
    }

    /**
     * Removes the volume and its data (files of any of the user's ids): renamed away first under
     * the store lock, so that no container can find it half removed.
     */
    public void remove(Volume v) {
        try {
            Files.createDirectories(paths.tmp());
            Path doomed = paths.tmp().resolve("removed-volume-" + v.name() + "-" + System.nanoTime());
            try (StoreLock lock = StoreLock.acquire(paths)) {
                if (!Files.exists(v.dir())) {
                    return;
                }
                AtomicFiles.rename(v.dir(), doomed);
            }
            FileTrees.deleteRecursively(doomed);
        } catch (IOException e) {
            throw new SkiffException("remove volume " + v.name() + ": " + e.getMessage(), e);
        }
    }

    /** Refuses a name podman would refuse. */
    public static String checkName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new SkiffException("volume name `" + name + "`: must match [a-zA-Z0-9][a-zA-Z0-9_.-]*");
        }
        return name;
    }
}

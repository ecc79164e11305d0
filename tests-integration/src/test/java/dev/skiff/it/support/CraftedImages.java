package dev.skiff.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Hostile archives for the security tests: any layers, config and layout, written as `load` reads them. */
public final class CraftedImages {
    /** The name crafted docker-archives give their image. */
    public static final String NAME = "docker.io/library/crafted:latest";

    private CraftedImages() {
    }

    /**
     * A victim directory beside the store, home/victim, owned by the test user, holding FILES
     * (name to content): the host's files an escape would reach, compared before and after by
     * {@link #snapshot}.
     */
    public static Path victim(Skiff skiff, Map<String, String> files) throws java.io.IOException {
        Path victim = skiff.home().resolve("victim");
        java.nio.file.Files.createDirectories(victim);
        skiff.workspace().giveToUser(victim);
        for (Map.Entry<String, String> f : files.entrySet()) {
            java.nio.file.Files.writeString(victim.resolve(f.getKey()), f.getValue());
            skiff.workspace().giveToUser(victim.resolve(f.getKey()));
        }
        return victim;
    }

    /** Loads the image {@link #NAME}: the fixture's root file system with TOP as a layer over it. */
    public static void loadOverFixture(Skiff skiff, byte[] top) throws java.io.IOException {
        skiff.load(write(skiff, "crafted.tar", dockerArchive(List.of(Fixtures.rootfsLayer(), top))));
    }

    /** An image config listing these plain layers' diff_ids. */
    public static byte[] config(List<byte[]> layers) {
        List<String> ids = new ArrayList<>();
        for (byte[] l : layers) ids.add("\"" + sha256(l) + "\"");
        return ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Cmd\":[\"sh\"]},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[" + String.join(",", ids) + "]}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** A docker-archive of one image named {@link #NAME} with these plain layers. */
    public static byte[] dockerArchive(List<byte[]> layers) {
        return Fixtures.DockerArchive.write(config(layers), layers, List.of(NAME));
    }

    /** A docker-archive with this config and these layer files. */
    public static byte[] dockerArchive(byte[] config, List<byte[]> layers) {
        return Fixtures.DockerArchive.write(config, layers, List.of(NAME));
    }

    /** An OCI layout of these files (index.json, blobs/sha256/…) with its oci-layout marker. */
    public static byte[] ociArchive(Map<String, byte[]> files) {
        TarWriter t = new TarWriter();
        t.file("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8), 0644, 0, 0);
        files.forEach((name, bytes) -> t.file(name, bytes, 0644, 0, 0));
        return t.finish();
    }

    /** Writes BYTES to NAME in the test user's home, readable by that user. */
    public static Path write(Skiff skiff, String name, byte[] bytes) {
        try {
            Path file = skiff.home().resolve(name);
            Files.write(file, bytes);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every file, directory and link under DIR with its content digest or target: to prove nothing changed. */
    public static Map<String, String> snapshot(Path dir) {
        Map<String, String> out = new TreeMap<>();
        if (!Files.exists(dir)) return out;
        try (Stream<Path> all = Files.walk(dir)) {
            all.forEach(p -> {
                String rel = dir.relativize(p).toString();
                try {
                    if (Files.isSymbolicLink(p)) out.put(rel, "-> " + Files.readSymbolicLink(p));
                    else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) out.put(rel + "/", "dir");
                    else if (!p.getFileName().toString().endsWith(".lock")) out.put(rel, sha256(Files.readAllBytes(p)));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    public static String sha256(byte[] bytes) {
        return Fixtures.sha256(bytes);
    }
}

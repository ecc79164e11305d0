package dev.skiff.it.support;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Test images built offline from Debian's busybox-static: one layer holding /bin/busybox and
 * its applets, a user {@code app} (1234:1234), a file owned by 1234, a file that is not
 * executable and a world-writable /tmp. Written as a docker-archive laid out as `podman save`
 * writes it, converted by the real skopeo into an oci-archive (gzip layers), and as an
 * oci-archive with a plain layer.
 */
public final class Fixtures {

    /** The plain busybox image; its command is {@code sh}. */
    public static final String IMAGE = "docker.io/library/skiff-fixture:latest";
    /** The same layer with an image config that sets every field `run` honours. */
    public static final String CONFIG_IMAGE = "docker.io/library/skiff-fixture-config:latest";
    /** A second name of {@link #CONFIG_IMAGE}, in the same archive. */
    public static final String CONFIG_IMAGE_V1 = "localhost/skiff-fixture-config:v1";
    /** The name skopeo writes into the gzip oci-archive. */
    public static final String OCI_GZIP_IMAGE = "docker.io/library/skiff-fixture:oci-gzip";
    /** The short name in the plain oci-archive; podman loads it as localhost/skiff-fixture:oci-plain. */
    public static final String OCI_PLAIN_REF = "skiff-fixture:oci-plain";

    static final List<String> APPLETS = List.of("sh", "ash", "ls", "id", "cat", "echo", "hostname", "ps", "sleep",
            "true", "false", "env", "pwd", "wc", "stat", "touch", "mkdir", "rm", "grep", "head", "tail", "printf",
            "test", "[", "uname", "readlink", "ln", "chmod", "find", "sed", "awk", "ip", "kill", "seq", "tr", "cut",
            "sort", "which", "whoami", "mount", "tee", "xargs", "od", "basename", "dirname", "uniq", "sha256sum");

    static final String PATH_ENV = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private final Path dir;
    private final String diffId;
    private final String configDigest;
    private final String configImageDigest;
    private final byte[] layer;

    private Fixtures(Path dir, byte[] layer, String configDigest, String configImageDigest) {
        this.dir = dir;
        this.layer = layer;
        this.diffId = sha256(layer);
        this.configDigest = configDigest;
        this.configImageDigest = configImageDigest;
    }

    /** docker-archive of {@link #IMAGE}, as `podman save` writes it. */
    public Path dockerArchive() {
        return dir.resolve("fixture-docker.tar");
    }

    /** docker-archive with two names of {@link #CONFIG_IMAGE}. */
    public Path configDockerArchive() {
        return dir.resolve("fixture-config-docker.tar");
    }

    /** oci-archive of {@link #OCI_GZIP_IMAGE}, written by skopeo from {@link #dockerArchive()}. */
    public Path ociArchiveGzip() {
        return dir.resolve("fixture-oci-gzip.tar");
    }

    /** oci-archive with an uncompressed layer, named {@link #OCI_PLAIN_REF}. */
    public Path ociArchivePlain() {
        return dir.resolve("fixture-oci-plain.tar");
    }

    /** {@link #dockerArchive()} with one byte of the layer changed. */
    public Path tamperedDockerArchive() {
        return dir.resolve("tampered-docker.tar");
    }

    /** {@link #ociArchivePlain()} with one byte of the layer blob changed. */
    public Path tamperedOciArchive() {
        return dir.resolve("tampered-oci.tar");
    }

    /** "sha256:…" of the uncompressed layer. */
    public String diffId() {
        return diffId;
    }

    /** "sha256:…" of the layer in the tampered archives: what a verifier computes. */
    public String tamperedDiffId() {
        return sha256(tamper(layer));
    }

    /** "sha256:…" of the config of {@link #IMAGE}: its image id. */
    public String imageId() {
        return configDigest;
    }

    /** "sha256:…" of the config of {@link #CONFIG_IMAGE}. */
    public String configImageId() {
        return configImageDigest;
    }

    static Fixtures build(Workspace workspace, Path dir) {
        try {
            byte[] layer = rootfsLayer();
            String diffId = sha256(layer);
            byte[] config = imageConfig(diffId, "\"Env\":[\"" + PATH_ENV + "\"],\"Cmd\":[\"sh\"]");
            byte[] configImage = imageConfig(diffId, "\"User\":\"app\",\"Env\":[\"" + PATH_ENV + "\",\"GREETING=hi\"],"
                    + "\"Entrypoint\":[\"echo\",\"entry\"],\"Cmd\":[\"default-cmd\"],\"WorkingDir\":\"/home/app\"");
            Fixtures f = new Fixtures(dir, layer, sha256(config), sha256(configImage));

            write(f.dockerArchive(), DockerArchive.write(config, List.of(layer), List.of(IMAGE)));
            write(f.configDockerArchive(), DockerArchive.write(configImage, List.of(layer), List.of(CONFIG_IMAGE, CONFIG_IMAGE_V1)));
            write(f.tamperedDockerArchive(), DockerArchive.write(config, List.of(layer), List.of(IMAGE), List.of(tamper(layer))));
            write(f.ociArchivePlain(), OciArchive.write(config, layer, OCI_PLAIN_REF, layer));
            write(f.tamperedOciArchive(), OciArchive.write(config, layer, OCI_PLAIN_REF, tamper(layer)));
            skopeoToOci(workspace, f.dockerArchive(), f.ociArchiveGzip(), OCI_GZIP_IMAGE);
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the fixture images in " + dir, e);
        }
    }

    /** The root file system: busybox, its applets, users, and files with telling owners and modes. */
    public static byte[] rootfsLayer() throws IOException {
        byte[] busybox = Files.readAllBytes(Path.of("/bin/busybox"));
        TarWriter t = new TarWriter();
        t.dir("bin", 0755, 0, 0);
        t.file("bin/busybox", busybox, 0755, 0, 0);
        for (String applet : APPLETS) t.symlink("bin/" + applet, "busybox");
        t.dir("etc", 0755, 0, 0);
        t.file("etc/passwd", """
                root:x:0:0:root:/root:/bin/sh
                app:x:1234:1234:app:/home/app:/bin/sh
                nobody:x:65534:65534:nobody:/nonexistent:/bin/false
                """, 0644);
        t.file("etc/group", """
                root:x:0:
                app:x:1234:
                nogroup:x:65534:
                """, 0644);
        t.dir("home", 0755, 0, 0);
        t.dir("home/app", 0755, 1234, 1234);
        t.dir("root", 0700, 0, 0);
        t.dir("tmp", 01777, 0, 0);
        t.dir("usr", 0755, 0, 0);
        t.dir("usr/bin", 0755, 0, 0);
        t.dir("var", 0755, 0, 0);
        t.file("owned-by-1234", "owned by app\n".getBytes(StandardCharsets.UTF_8), 0644, 1234, 1234);
        t.file("not-executable", "#!/bin/sh\necho must not run\n", 0644);
        return t.finish();
    }

    static byte[] imageConfig(String diffId, String containerConfig) {
        return ("{\"created\":\"2024-01-01T00:00:00Z\",\"architecture\":\"amd64\",\"os\":\"linux\","
                + "\"config\":{" + containerConfig + "},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + diffId + "\"]},"
                + "\"history\":[{\"created\":\"2024-01-01T00:00:00Z\",\"created_by\":\"skiff integration test fixture\"}]}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** A copy of LAYER with one byte inside /bin/busybox's content flipped; the tar stays well-formed. */
    static byte[] tamper(byte[] layer) {
        byte[] copy = layer.clone();
        int elf = indexOf(copy, new byte[] {0x7f, 'E', 'L', 'F'});
        if (elf < 0) throw new IllegalStateException("no ELF header in the fixture layer");
        copy[elf + 100_000] ^= 0x01;
        return copy;
    }

    private static void skopeoToOci(Workspace workspace, Path from, Path to, String name) {
        List<String> argv = new ArrayList<>();
        TestUser user = workspace.user();
        Path home = from.resolveSibling("skopeo-home");
        try {
            Files.createDirectory(home);
            workspace.giveToUser(home);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (user.viaRunuser()) {
            argv.addAll(List.of("runuser", "-u", user.name(), "--", "/usr/bin/env", "-i", "PATH=/usr/bin:/bin",
                    "HOME=" + home, "TMPDIR=" + home));
        }
        argv.addAll(List.of("skopeo", "--tmpdir", home.toString(), "copy", "-q",
                "docker-archive:" + from, "oci-archive:" + to + ":" + name));
        Map<String, String> env = new LinkedHashMap<>(System.getenv());
        env.put("HOME", home.toString());
        Cmd.Result r = Cmd.run(argv, home, env, null, Duration.ofSeconds(120));
        if (r.exitCode() != 0) throw new IllegalStateException("skopeo could not convert the fixture: " + r);
        Workspace.deleteRecursively(home);
    }

    private static void write(Path file, byte[] bytes) throws IOException {
        Files.write(file, bytes);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    }

    /** Reads entry NAME of a tar archive (transparently gunzipping it when ungzip is set). */
    public static byte[] entry(Path archive, String name, boolean ungzip) throws IOException {
        try (InputStream in = Files.newInputStream(archive); TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                if (e.getName().equals(name)) {
                    byte[] b = tar.readAllBytes();
                    if (!ungzip) return b;
                    try (InputStream gz = new GZIPInputStream(new ByteArrayInputStream(b))) {
                        return gz.readAllBytes();
                    }
                }
            }
        }
        throw new IOException("no " + name + " in " + archive);
    }

    /** Names of the entries of a tar archive. */
    public static List<String> entries(Path archive) throws IOException {
        List<String> names = new ArrayList<>();
        try (InputStream in = Files.newInputStream(archive); TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) names.add(e.getName());
        }
        return names;
    }

    static String sha256(byte[] bytes) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hex(String digest) {
        return digest.substring("sha256:".length());
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }

    /** The docker-archive format of containers/image (`podman save`), legacy files included. */
    static final class DockerArchive {
        static byte[] write(byte[] config, List<byte[]> layers, List<String> names) {
            return write(config, layers, names, layers);
        }

        /** Writes LAYERS' digests in the metadata but CONTENTS as the layer files. */
        static byte[] write(byte[] config, List<byte[]> layers, List<String> names, List<byte[]> contents) {
            TarWriter t = new TarWriter(new Date(0));
            String configDigest = sha256(config);
            List<String> layerFiles = new ArrayList<>();
            for (int i = 0; i < layers.size(); i++) {
                String file = hex(sha256(layers.get(i))) + ".tar";
                layerFiles.add(file);
                t.file(file, contents.get(i), 0444, 0, 0);
            }
            t.file(hex(configDigest) + ".json", config, 0444, 0, 0);
            String chain = null;
            String parent = null;
            for (int i = 0; i < layers.size(); i++) {
                String diff = sha256(layers.get(i));
                chain = chain == null ? diff : sha256((chain + " " + diff).getBytes(StandardCharsets.UTF_8));
                String id = hex(sha256((chain + " " + configDigest).getBytes(StandardCharsets.UTF_8)));
                t.symlink(id + "/layer.tar", "../" + layerFiles.get(i));
                t.file(id + "/VERSION", "1.0".getBytes(StandardCharsets.UTF_8), 0444, 0, 0);
                String json = "{" + (parent == null ? "" : "\"parent\":\"" + parent + "\",")
                        + (i == layers.size() - 1 ? "\"architecture\":\"amd64\",\"os\":\"linux\"," : "")
                        + "\"id\":\"" + id + "\"}";
                t.file(id + "/json", json.getBytes(StandardCharsets.UTF_8), 0444, 0, 0);
                parent = id;
            }
            StringBuilder manifest = new StringBuilder("[{\"Config\":\"" + hex(configDigest) + ".json\",\"RepoTags\":[");
            for (int i = 0; i < names.size(); i++) manifest.append(i == 0 ? "" : ",").append('"').append(names.get(i)).append('"');
            manifest.append("],\"Layers\":[");
            for (int i = 0; i < layerFiles.size(); i++) manifest.append(i == 0 ? "" : ",").append('"').append(layerFiles.get(i)).append('"');
            manifest.append("]}]");
            t.file("manifest.json", manifest.toString().getBytes(StandardCharsets.UTF_8), 0444, 0, 0);
            Map<String, Map<String, String>> repos = new LinkedHashMap<>();
            for (String n : names) {
                int colon = n.lastIndexOf(':');
                repos.computeIfAbsent(n.substring(0, colon), k -> new LinkedHashMap<>()).put(n.substring(colon + 1), parent);
            }
            StringBuilder r = new StringBuilder("{");
            repos.forEach((repo, tags) -> {
                if (r.length() > 1) r.append(',');
                r.append('"').append(repo).append("\":{");
                int[] k = {0};
                tags.forEach((tag, id) -> r.append(k[0]++ == 0 ? "" : ",").append('"').append(tag).append("\":\"").append(id).append('"'));
                r.append('}');
            });
            r.append('}');
            t.file("repositories", r.toString().getBytes(StandardCharsets.UTF_8), 0444, 0, 0);
            return t.finish();
        }
    }

    /** The oci-archive format (an OCI image layout in a tar) with one image and an uncompressed layer. */
    static final class OciArchive {
        /** Writes LAYER's digest in the manifest but CONTENT as the layer blob. */
        static byte[] write(byte[] config, byte[] layer, String refName, byte[] content) {
            String layerDigest = sha256(layer);
            String configDigest = sha256(config);
            byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                    + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
                    + configDigest + "\",\"size\":" + config.length + "},"
                    + "\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\""
                    + layerDigest + "\",\"size\":" + layer.length + "}]}").getBytes(StandardCharsets.UTF_8);
            String manifestDigest = sha256(manifest);
            byte[] index = ("{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                    + "\"digest\":\"" + manifestDigest + "\",\"size\":" + manifest.length + ","
                    + "\"annotations\":{\"org.opencontainers.image.ref.name\":\"" + refName + "\"}}]}")
                    .getBytes(StandardCharsets.UTF_8);
            TarWriter t = new TarWriter();
            t.dir("blobs", 0755, 0, 0);
            t.dir("blobs/sha256", 0755, 0, 0);
            t.file("blobs/sha256/" + hex(manifestDigest), manifest, 0644, 0, 0);
            t.file("blobs/sha256/" + hex(configDigest), config, 0644, 0, 0);
            t.file("blobs/sha256/" + hex(layerDigest), content, 0644, 0, 0);
            t.file("index.json", index, 0644, 0, 0);
            t.file("oci-layout", "{\"imageLayoutVersion\": \"1.0.0\"}".getBytes(StandardCharsets.UTF_8), 0644, 0, 0);
            return t.finish();
        }
    }
}

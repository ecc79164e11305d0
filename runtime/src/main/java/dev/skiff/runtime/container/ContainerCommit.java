package dev.skiff.runtime.container;

import dev.skiff.oci.digest.Digest;
import dev.skiff.oci.image.Compression;
import dev.skiff.oci.image.MediaType;
import dev.skiff.oci.json.Json;
import dev.skiff.runtime.SkiffException;
import dev.skiff.runtime.archive.OverlayTrees;
import dev.skiff.runtime.image.ConfigChanges;
import dev.skiff.runtime.image.ImageNotKnownException;
import dev.skiff.runtime.image.ImageSource;
import dev.skiff.runtime.image.ImageStore;
import dev.skiff.runtime.image.StoredImage;
import dev.skiff.runtime.storage.Staging;
import dev.skiff.runtime.storage.StorePaths;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * `commit`: a new image of the container's image plus one layer, the container's changes (its
 * upper directory written as an OCI layer), with the container's command, environment and
 * working directory in its config, then the `--change` instructions.
 *
 * @param changes  `--change` instructions
 * @param author   `--author`, or null
 * @param message  `--message`, the new history entry's comment, or null
 * @param docker   `--format docker`: a Docker schema 2 manifest rather than an OCI one
 */
public record ContainerCommit(List<String> changes, String author, String message, boolean docker) {
    /** Commits C as NAME (null: an image without a name) and returns the new image's id (hex). */
    public String commit(StorePaths paths, ImageStore images, ContainerDir c, String name, Consumer<String> progress,
                         Consumer<String> warnings) {
        StoredImage base = images.resolve(c.imageId()).orElseThrow(() -> new ImageNotKnownException(c.imageId()));
        List<String> names = name == null ? List.of() : List.of(ImageStore.localName(name));
        try {
            return importOver(paths, images, images.runConfig(base).layerChainIds().size(), c,
                    diffId -> config(images.configBlob(base), c, diffId),
                    "commit of container " + c.name(), docker, names, progress, warnings);
        } catch (IOException e) {
            throw new SkiffException("commit container " + c.name() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Imports a new image over the first PARENT_LAYERS layers of its base (in the store already,
     * never read again), plus the upper directory of CHANGES as one more layer when CHANGES is
     * not null. CONFIG gives the config from that layer's diff id (null without one); WHAT names
     * the image in errors; DOCKER asks for a Docker schema 2 manifest. Returns the image's id.
     */
    public static String importOver(StorePaths paths, ImageStore images, int parentLayers, ContainerDir changes,
                                    Function<Digest, byte[]> config, String what, boolean docker, List<String> names,
                                    Consumer<String> progress, Consumer<String> warnings) throws IOException {
        Staging staging = null;
        try {
            List<ImageSource.Layer> layers = new ArrayList<>();
            for (int i = 0; i < parentLayers; i++) {
                layers.add(new ImageSource.Layer(null, Compression.NONE, () -> {
                    throw new IOException("the base image's layers were removed meanwhile; try again");
                }));
            }
            Digest diffId = null;
            if (changes != null) {
                staging = Staging.create(paths, "commit-");
                Path layer = staging.dir().resolve("layer.tar");
                diffId = writeLayer(changes, layer);
                layers.add(new ImageSource.Layer(null, Compression.NONE, () -> Files.newInputStream(layer)));
            }
            ImageSource src = new ImageSource(what, config.apply(diffId), null,
                    docker ? MediaType.DOCKER_MANIFEST : MediaType.OCI_MANIFEST, layers, names);
            return images.importImage(src, progress, warnings);
        } finally {
            if (staging != null) {
                staging.release(warnings);
            }
        }
    }

    /** Writes the container's changes as a layer tar into FILE and returns its digest (the diff_id). */
    public static Digest writeLayer(ContainerDir c, Path file) throws IOException {
        MessageDigest sha = Digest.newSha256();
        List<Path> files = c.filesTopFirst();
        try (OutputStream out = new DigestOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(file),
                64 * 1024), sha)) {
            TarArchiveOutputStream tar = ContainerChanges.tarStream(out, c.userns());
            OverlayTrees.layer(files.getFirst(), files.subList(1, files.size()), ContainerChanges.MOUNT_POINTS, tar);
            tar.finish();
        }
        return Digest.fromHash(sha.digest());
    }

    /** The base image's config with the container's process, the changes, the new layer and a history entry. */
    @SuppressWarnings("unchecked")
    private byte[] config(byte[] baseConfig, ContainerDir c, Digest diffId) {
        Map<String, Object> doc = Json.read(baseConfig, LinkedHashMap.class);
        String now = Instant.now().toString();
        doc.put("created", now);
        if (author != null) {
            doc.put("author", author);
        }
        Map<String, Object> config = doc.get("config") instanceof Map<?, ?> m
                ? new LinkedHashMap<>((Map<String, Object>) m) : new LinkedHashMap<>();
        List<String> argv = c.command();
        List<String> entrypoint = c.entrypoint();
        boolean split = !entrypoint.isEmpty() && argv.size() >= entrypoint.size()
                && argv.subList(0, entrypoint.size()).equals(entrypoint);
        config.put("Entrypoint", split ? entrypoint : null);
        config.put("Cmd", split ? argv.subList(entrypoint.size(), argv.size()) : argv);
        config.put("Env", c.env().stream()
                .filter(e -> !e.startsWith("HOSTNAME=") && !e.startsWith("container=")).toList());
        config.put("WorkingDir", c.workdir());
        ConfigChanges.apply(config, changes);
        config.values().removeIf(v -> v == null);
        doc.put("config", config);
        Map<String, Object> rootfs = doc.get("rootfs") instanceof Map<?, ?> r
                ? new LinkedHashMap<>((Map<String, Object>) r) : new LinkedHashMap<>();
        List<Object> diffIds = new ArrayList<>(rootfs.get("diff_ids") instanceof List<?> l ? l : List.of());
        diffIds.add(diffId.toString());
        rootfs.put("type", "layers");
        rootfs.put("diff_ids", diffIds);
        doc.put("rootfs", rootfs);
        List<Object> history = new ArrayList<>(doc.get("history") instanceof List<?> h ? h : List.of());
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("created", now);
        entry.put("created_by", String.join(" ", argv));
        if (author != null) {
            entry.put("author", author);
        }
        if (message != null) {
            entry.put("comment", message);
        }
        history.add(entry);
        doc.put("history", history);
        return Json.toBytes(doc);
    }
}

package dev.skiff.runtime.image;

import dev.skiff.oci.digest.Digest;
import dev.skiff.oci.digest.DigestingInputStream;
import dev.skiff.oci.image.Compression;
import dev.skiff.oci.image.Descriptor;
import dev.skiff.oci.image.ImageConfig;
import dev.skiff.oci.image.Manifest;
import dev.skiff.oci.image.MediaType;
import dev.skiff.oci.json.InvalidDocumentException;
import dev.skiff.oci.json.Json;
import dev.skiff.runtime.archive.InvalidArchiveException;
import dev.skiff.runtime.storage.AtomicFiles;
import dev.skiff.runtime.storage.FileTrees;
import dev.skiff.runtime.storage.StorePaths;
import dev.skiff.runtime.storage.TempPaths;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The one path by which images enter the store: verifies every digest (blobs against their
 * descriptors, layers against the config's diff_ids), unpacks each new layer once by chain id
 * under {@code tmp/}, and only then moves layers, blobs, the image record and its names into
 * place. The caller holds the store lock.
 */
final class ImageImporter {
    private final StorePaths paths;
    private final Consumer<String> progress;
    private final Consumer<String> warnings;

    ImageImporter(StorePaths paths, Consumer<String> progress, Consumer<String> warnings) {
        this.paths = paths;
        this.progress = progress;
        this.warnings = warnings;
    }

    /** Imports {@code src} and returns the image id (hex). */
    String importImage(ImageSource src) throws IOException {
        Digest id = Digest.of(src.config());
        ImageConfig config;
        try {
            config = Json.read(src.config(), ImageConfig.class);
        } catch (InvalidDocumentException e) {
            throw new InvalidArchiveException(src.what() + ": config " + id + ": " + e.getMessage(), e);
        }
        List<Digest> diffIds = config.rootfs().diffIds();
        if (diffIds.size() != src.layers().size()) {
            throw new InvalidArchiveException(src.what() + ": config " + id + " lists " + diffIds.size()
                    + " diff_ids but the image has " + src.layers().size() + " layers");
        }
        List<String> chainIds = ChainIds.of(diffIds);
        Files.createDirectories(paths.tmp());
        Path staging = TempPaths.directory(paths.tmp(), "load-");
        try {
            List<Descriptor> layerDescriptors = new ArrayList<>();
            Map<Integer, Path> staged = new TreeMap<>();
            long size = 0;
            for (int i = 0; i < diffIds.size(); i++) {
                ImageSource.Layer layer = src.layers().get(i);
                String chain = chainIds.get(i);
                Path existing = paths.layers().resolve(chain);
                long layerSize;
                if (Files.isDirectory(existing.resolve(LayerRecord.DIFF))) {
                    progress.accept("Copying blob " + blobName(layer, diffIds.get(i)) + " skipped: already exists");
                    layerSize = LayerRecord.read(existing).size();
                } else if (layer.unpacked() != null) {
                    progress.accept("Copying blob " + blobName(layer, diffIds.get(i)) + " done");
                    Path dir = layer.unpacked().dir();
                    layerSize = layer.unpacked().size();
                    new LayerRecord(diffIds.get(i).toString(), layerSize, i == 0 ? "" : chainIds.get(i - 1))
                            .write(dir);
                    staged.put(i, dir);
                } else {
                    progress.accept("Copying blob " + blobName(layer, diffIds.get(i)));
                    Path dir = staging.resolve(Integer.toString(i));
                    layerSize = unpack(layer, diffIds.get(i), dir);
                    staged.put(i, dir);
                    new LayerRecord(diffIds.get(i).toString(), layerSize, i == 0 ? "" : chainIds.get(i - 1))
                            .write(dir);
                }
                size += layerSize;
                layerDescriptors.add(layer.descriptor() != null ? layer.descriptor()
                        : Descriptor.of(uncompressedType(src.manifestType()), diffIds.get(i), layerSize));
            }
            progress.accept("Copying config " + id);
            byte[] manifest = src.manifest() != null ? src.manifest()
                    : synthesizeManifest(src.manifestType(), id, src.config().length, layerDescriptors);
            Digest manifestDigest = Digest.of(manifest);
            progress.accept("Writing manifest to image destination");

            // everything is verified: move it into place, layers first so no record points at nothing
            for (Map.Entry<Integer, Path> e : staged.entrySet()) {
                Path target = paths.layers().resolve(chainIds.get(e.getKey()));
                if (!Files.exists(target)) {
                    Files.createDirectories(paths.layers());
                    AtomicFiles.rename(e.getValue(), target);
                }
            }
            writeBlob(id, src.config());
            writeBlob(manifestDigest, manifest);
            ImageConfig.Config c = config.config();
            ImageRecord record = new ImageRecord(id.hex(), config.created() == null ? "" : config.created(),
                    size + src.config().length + manifest.length, manifestDigest.toString(), src.manifestType(),
                    chainIds, diffIds.stream().map(Digest::toString).toList(), c.env(), c.entrypoint(), c.cmd(),
                    c.workingDir(), c.user(), c.stopSignal(), Instant.now().toString(), keys(c.volumes()),
                    keys(c.exposedPorts()));
            Path imageDir = paths.images().resolve(id.hex());
            Files.createDirectories(imageDir);
            try {
                record.write(imageDir.resolve(ImageRecord.FILE));
            } catch (IllegalArgumentException e) {
                throw new InvalidArchiveException(src.what() + ": config " + id + ": " + e.getMessage(), e);
            }
            if (!src.names().isEmpty()) {
                Path indexFile = paths.images().resolve(NameIndex.FILE);
                NameIndex index = NameIndex.read(indexFile);
                for (String name : src.names().reversed()) {
                    index.put(name, id.hex());
                }
                index.write(indexFile);
            }
            return id.hex();
        } finally {
            FileTrees.deleteRecursively(staging);
        }
    }

    private static String blobName(ImageSource.Layer layer, Digest diffId) {
        return (layer.descriptor() != null ? layer.descriptor().digest() : diffId).toString();
    }

    private long unpack(ImageSource.Layer layer, Digest diffId, Path dir) throws IOException {
        String what = layer.describe(diffId);
        Descriptor d = layer.descriptor();
        Compression compression = layer.compression();
        if (d != null) {
            verifyBlob(layer, what);
            if (compression == null) {
                compression = MediaType.layerCompression(d.mediaType()).orElseThrow(() -> new InvalidArchiveException(
                        what + ": unsupported layer media type `" + d.mediaType() + "`"));
            }
        }
        try (InputStream raw = layer.opener().open()) {
            return LayerUnpack.unpack(raw, compression, diffId, dir, what, warnings);
        }
    }

    /** Hashes the whole blob before any byte of it is parsed. */
    private static void verifyBlob(ImageSource.Layer layer, String what) throws IOException {
        Descriptor d = layer.descriptor();
        try (InputStream raw = layer.opener().open()) {
            DigestingInputStream in = new DigestingInputStream(raw);
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                if (in.count() > d.size()) {
                    throw new InvalidArchiveException(what + ": blob is larger than its descriptor's size " + d.size());
                }
            }
            if (in.count() != d.size()) {
                throw new InvalidArchiveException(what + ": blob has " + in.count() + " bytes, its descriptor says "
                        + d.size());
            }
            if (!in.digest().equals(d.digest())) {
                throw new InvalidArchiveException(what + ": blob has digest " + in.digest() + ", expected " + d.digest());
            }
        }
    }

    private void writeBlob(Digest digest, byte[] bytes) throws IOException {
        Path file = paths.blobs().resolve(digest.hex());
        if (!Files.exists(file)) {
            AtomicFiles.write(file, bytes);
        }
    }

    /** The keys of a config map (Volumes, ExposedPorts), sorted. */
    private static List<String> keys(java.util.Map<String, Object> map) {
        return map.keySet().stream().sorted().toList();
    }

    private static String uncompressedType(String manifestType) {
        return MediaType.DOCKER_MANIFEST.equals(manifestType) ? MediaType.DOCKER_LAYER : MediaType.OCI_LAYER;
    }

    private static byte[] synthesizeManifest(String type, Digest configDigest, long configSize, List<Descriptor> layers) {
        String configType = MediaType.DOCKER_MANIFEST.equals(type) ? MediaType.DOCKER_CONFIG : MediaType.OCI_CONFIG;
        Manifest m = new Manifest(2, type, null, Descriptor.of(configType, configDigest, configSize), layers, null, null);
        return Json.toBytes(m);
    }
}

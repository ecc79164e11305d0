package dev.skiff.runtime.image;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.skiff.oci.digest.Digest;
import dev.skiff.oci.image.MediaType;
import dev.skiff.oci.json.InvalidDocumentException;
import dev.skiff.oci.json.Json;
import dev.skiff.oci.reference.ImageReference;
import dev.skiff.oci.reference.InvalidReferenceException;
import dev.skiff.runtime.archive.ArchiveFile;
import dev.skiff.runtime.archive.InvalidArchiveException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a docker-archive as {@code docker save} and {@code podman save} write it: a
 * {@code manifest.json} list of {Config, RepoTags, Layers} naming files in the archive.
 */
final class DockerArchiveReader {
    static final String MANIFEST = "manifest.json";

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Entry(@JsonProperty("Config") String config,
                 @JsonProperty("RepoTags") List<String> repoTags,
                 @JsonProperty("Layers") List<String> layers) {}

    private DockerArchiveReader() {}

    static List<ImageSource> read(ArchiveFile archive, String what) throws IOException {
        Entry[] entries;
        try (InputStream in = archive.open(MANIFEST)) {
            entries = Json.readBounded(in, Json.MAX_DOCUMENT, Entry[].class);
        } catch (InvalidDocumentException e) {
            throw new InvalidArchiveException(what + ": " + MANIFEST + ": " + e.getMessage(), e);
        }
        if (entries.length == 0) {
            throw new InvalidArchiveException(what + ": " + MANIFEST + " lists no images");
        }
        List<ImageSource> images = new ArrayList<>();
        for (Entry e : entries) {
            if (e == null || e.config() == null) {
                throw new InvalidArchiveException(what + ": " + MANIFEST + ": an entry has no Config");
            }
            byte[] config;
            try (InputStream in = archive.open(e.config())) {
                config = Json.readAllBounded(in, Json.MAX_DOCUMENT, "config `" + e.config() + "`");
            }
            checkNamedDigest(what, e.config(), config);
            List<ImageSource.Layer> layers = new ArrayList<>();
            for (String file : e.layers() == null ? List.<String>of() : e.layers()) {
                if (file == null || !archive.contains(file)) {
                    throw new InvalidArchiveException(what + ": layer file `" + file + "` is missing");
                }
                layers.add(new ImageSource.Layer(null, null, () -> archive.open(file)));
            }
            List<String> names = new ArrayList<>();
            for (String tag : e.repoTags() == null ? List.<String>of() : e.repoTags()) {
                try {
                    names.add(ImageReference.parseLocal(tag).toString());
                } catch (InvalidReferenceException ex) {
                    throw new InvalidArchiveException(what + ": RepoTags: " + ex.getMessage(), ex);
                }
            }
            images.add(new ImageSource(what, config, null, MediaType.DOCKER_MANIFEST, layers, names));
        }
        return images;
    }

    /** A config file named after its digest ({@code <hex>.json}, {@code blobs/sha256/<hex>}) must match it. */
    private static void checkNamedDigest(String what, String file, byte[] config) throws InvalidArchiveException {
        String base = file.substring(file.lastIndexOf('/') + 1);
        if (base.endsWith(".json")) {
            base = base.substring(0, base.length() - ".json".length());
        }
        if (Digest.isHex64(base)) {
            Digest actual = Digest.of(config);
            if (!actual.hex().equals(base)) {
                throw new InvalidArchiveException(what + ": config `" + file + "` has digest " + actual
                        + ", expected sha256:" + base);
            }
        }
    }
}

package dev.skiff.runtime.image;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.oci.digest.Digest;
import dev.skiff.oci.digest.DigestingInputStream;
import dev.skiff.oci.image.Compression;
import dev.skiff.oci.image.Descriptor;
import dev.skiff.oci.image.Index;
import dev.skiff.oci.image.Manifest;
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
import java.util.Optional;

/**
 * Reads an oci-archive (a tar of an OCI image layout, as {@code skopeo copy … oci-archive:F:tag}
 * writes it): {@code oci-layout}, {@code index.json} and {@code blobs/sha256/…}, following nested
 * indexes to the host's platform.
 */
final class OciArchiveReader {
    static final String LAYOUT = "oci-layout";
    static final String INDEX = "index.json";
    private static final int MAX_INDEX_DEPTH = 4;

    private final ArchiveFile archive;
    private final String what;

    private OciArchiveReader(ArchiveFile archive, String what) {
        this.archive = archive;
        this.what = what;
    }

    static List<ImageSource> read(ArchiveFile archive, String what) throws IOException {
        return new OciArchiveReader(archive, what).read();
    }

    private List<ImageSource> read() throws IOException {
        JsonNode layout;
        Index index;
        try (InputStream in = archive.open(LAYOUT)) {
            layout = Json.mapper().readTree(Json.readAllBounded(in, Json.MAX_SMALL_DOCUMENT, LAYOUT));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidArchiveException(what + ": " + LAYOUT + ": not JSON", e);
        }
        String version = layout == null ? null : layout.path("imageLayoutVersion").asText(null);
        if (!MediaType.OCI_LAYOUT_VERSION.equals(version)) {
            throw new InvalidArchiveException(what + ": " + LAYOUT + ": unsupported imageLayoutVersion `" + version + "`");
        }
        try (InputStream in = archive.open(INDEX)) {
            index = Json.readBounded(in, Json.MAX_DOCUMENT, Index.class);
        } catch (InvalidDocumentException e) {
            throw new InvalidArchiveException(what + ": " + INDEX + ": " + e.getMessage(), e);
        }
        List<Descriptor> named = new ArrayList<>();
        List<Descriptor> unnamed = new ArrayList<>();
        for (Descriptor d : index.manifests()) {
            (d.refName().isPresent() ? named : unnamed).add(d);
        }
        List<ImageSource> images = new ArrayList<>();
        for (Descriptor d : named) {
            images.add(image(d, List.of(name(d.refName().get())), 0));
        }
        if (unnamed.size() > 1 && unnamed.stream().allMatch(d -> d.platform() != null)) {
            // one image built for several platforms: take the host's
            Index platforms = new Index(2, null, null, unnamed, null, null);
            unnamed = List.of(platforms.forPlatform("linux", hostArchitecture()).orElseThrow(
                    () -> new InvalidArchiveException(what + ": " + INDEX + " has no image for linux/" + hostArchitecture())));
        }
        for (Descriptor d : unnamed) {
            images.add(image(d, List.of(), 0));
        }
        if (images.isEmpty()) {
            throw new InvalidArchiveException(what + ": " + INDEX + " lists no images");
        }
        return images;
    }

    private String name(String refName) throws InvalidArchiveException {
        try {
            return ImageReference.parseLocal(refName).toString();
        } catch (InvalidReferenceException e) {
            throw new InvalidArchiveException(what + ": " + INDEX + ": ref.name: " + e.getMessage(), e);
        }
    }

    private ImageSource image(Descriptor d, List<String> names, int depth) throws IOException {
        if (MediaType.isIndex(d.mediaType())) {
            if (depth >= MAX_INDEX_DEPTH) {
                throw new InvalidArchiveException(what + ": index " + d.digest() + ": nested more than "
                        + MAX_INDEX_DEPTH + " deep");
            }
            Index nested = parse(readBlob(d, Json.MAX_DOCUMENT), Index.class, "index " + d.digest());
            Optional<Descriptor> chosen = nested.forPlatform("linux", hostArchitecture());
            if (chosen.isEmpty()) {
                throw new InvalidArchiveException(what + ": index " + d.digest() + " has no image for linux/"
                        + hostArchitecture());
            }
            return image(chosen.get(), names, depth + 1);
        }
        if (d.mediaType() != null && !MediaType.isManifest(d.mediaType())) {
            throw new InvalidArchiveException(what + ": " + d.digest() + ": unsupported media type `" + d.mediaType() + "`");
        }
        byte[] manifestBytes = readBlob(d, Json.MAX_DOCUMENT);
        Manifest manifest = parse(manifestBytes, Manifest.class, "manifest " + d.digest());
        Descriptor configDescriptor = manifest.config();
        if (configDescriptor.mediaType() != null && !MediaType.isConfig(configDescriptor.mediaType())) {
            throw new InvalidArchiveException(what + ": manifest " + d.digest() + " is not a container image: config type `"
                    + configDescriptor.mediaType() + "`");
        }
        byte[] config = readBlob(configDescriptor, Json.MAX_DOCUMENT);
        List<ImageSource.Layer> layers = new ArrayList<>();
        for (Descriptor l : manifest.layers()) {
            Compression c = MediaType.layerCompression(l.mediaType()).orElseThrow(() -> new InvalidArchiveException(
                    what + ": layer " + l.digest() + ": unsupported media type `" + l.mediaType() + "`"));
            String path = blobPath(l.digest());
            if (!archive.contains(path)) {
                throw new InvalidArchiveException(what + ": layer " + l.digest() + ": blob missing from the archive");
            }
            layers.add(new ImageSource.Layer(l, c, () -> archive.open(path)));
        }
        String type = d.mediaType() != null ? d.mediaType()
                : manifest.mediaType() != null ? manifest.mediaType() : MediaType.OCI_MANIFEST;
        return new ImageSource(what, config, manifestBytes, type, layers, names);
    }

    private <T> T parse(byte[] bytes, Class<T> type, String which) throws InvalidArchiveException {
        try {
            return Json.read(bytes, type);
        } catch (InvalidDocumentException e) {
            throw new InvalidArchiveException(what + ": " + which + ": " + e.getMessage(), e);
        }
    }

    /** Reads a small blob, refusing it unless its size and digest match the descriptor. */
    private byte[] readBlob(Descriptor d, long cap) throws IOException {
        String path = blobPath(d.digest());
        if (!archive.contains(path)) {
            throw new InvalidArchiveException(what + ": blob " + d.digest() + " is missing from the archive");
        }
        if (d.size() > cap) {
            throw new InvalidArchiveException(what + ": blob " + d.digest() + ": " + d.size() + " bytes exceeds the limit of "
                    + cap);
        }
        byte[] bytes;
        try (InputStream in = archive.open(path)) {
            DigestingInputStream digesting = new DigestingInputStream(in);
            try {
                bytes = Json.readAllBounded(digesting, d.size(), "blob " + d.digest());
            } catch (InvalidDocumentException e) {
                throw new InvalidArchiveException(what + ": blob " + d.digest() + " is larger than its descriptor says ("
                        + d.size() + " bytes)");
            }
            if (bytes.length != d.size()) {
                throw new InvalidArchiveException(what + ": blob " + d.digest() + " has " + bytes.length
                        + " bytes, its descriptor says " + d.size());
            }
            Digest actual = digesting.digest();
            if (!actual.equals(d.digest())) {
                throw new InvalidArchiveException(what + ": blob " + d.digest() + " has digest " + actual + ", expected "
                        + d.digest());
            }
        }
        return bytes;
    }

    private static String blobPath(Digest d) {
        return "blobs/" + d.algorithm() + "/" + d.hex();
    }

    static String hostArchitecture() {
        String a = System.getProperty("os.arch");
        return switch (a) {
            case "x86_64", "amd64" -> "amd64";
            case "aarch64" -> "arm64";
            default -> a;
        };
    }
}

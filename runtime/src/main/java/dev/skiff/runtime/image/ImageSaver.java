package dev.skiff.runtime.image;

import dev.skiff.oci.digest.Digest;
import dev.skiff.oci.image.Descriptor;
import dev.skiff.oci.image.Manifest;
import dev.skiff.oci.image.MediaType;
import dev.skiff.oci.json.Json;
import dev.skiff.runtime.SkiffException;
import dev.skiff.runtime.archive.TarSplit;
import dev.skiff.runtime.storage.AtomicFiles;
import dev.skiff.runtime.storage.StorePaths;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * `save`: writes a stored image as a docker-archive or an oci-archive with uncompressed layers.
 * Each layer's tar is written again from its unpacked directory and its tar-split record, and
 * must hash to the config's diff_id, so the archive carries the image's original digests.
 */
final class ImageSaver {
    private final StorePaths paths;
    private final ImageRecord record;
    private final String name;

    /** @param name the name to record in the archive, or null to record none */
    ImageSaver(StorePaths paths, ImageRecord record, String name) {
        this.paths = paths;
        this.record = record;
        this.name = name;
    }

    /** Writes the archive to a temporary file beside {@code output}, then renames it into place. */
    void save(Path output, ArchiveFormat format) throws IOException {
        AtomicFiles.writeStreaming(output, out -> write(out, format));
    }

    /** Writes the archive to {@code out}, which stays open. */
    void write(OutputStream out, ArchiveFormat format) throws IOException {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                out.flush();
            }
        }, StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        if (format == ArchiveFormat.DOCKER_ARCHIVE) {
            writeDocker(tar);
        } else {
            writeOci(tar);
        }
        tar.finish();
        tar.close();
    }

    private void writeDocker(TarArchiveOutputStream tar) throws IOException {
        List<String> layerFiles = new ArrayList<>();
        for (int i = 0; i < record.layerChainIds().size(); i++) {
            Digest diffId = Digest.parse(record.diffIds().get(i));
            String file = diffId.hex() + ".tar";
            writeLayer(tar, file, i, diffId);
            layerFiles.add(file);
        }
        String configFile = record.id() + ".json";
        entry(tar, configFile, config());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Config", configFile);
        m.put("RepoTags", name == null ? List.of() : List.of(name));
        m.put("Layers", layerFiles);
        entry(tar, "manifest.json", Json.toBytes(List.of(m)));
    }

    private void writeOci(TarArchiveOutputStream tar) throws IOException {
        directory(tar, "blobs/");
        directory(tar, "blobs/sha256/");
        List<Descriptor> layers = new ArrayList<>();
        for (int i = 0; i < record.layerChainIds().size(); i++) {
            Digest diffId = Digest.parse(record.diffIds().get(i));
            long size = writeLayer(tar, "blobs/sha256/" + diffId.hex(), i, diffId);
            layers.add(Descriptor.of(MediaType.OCI_LAYER, diffId, size));
        }
        byte[] config = config();
        entry(tar, "blobs/sha256/" + record.id(), config);
        Manifest manifest = new Manifest(2, MediaType.OCI_MANIFEST, null,
                Descriptor.of(MediaType.OCI_CONFIG, Digest.ofHex(record.id()), config.length), layers, null, null);
        byte[] manifestBytes = Json.toBytes(manifest);
        Digest manifestDigest = Digest.of(manifestBytes);
        entry(tar, "blobs/sha256/" + manifestDigest.hex(), manifestBytes);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("mediaType", MediaType.OCI_MANIFEST);
        d.put("digest", manifestDigest.toString());
        d.put("size", manifestBytes.length);
        if (name != null) {
            d.put("annotations", Map.of(Descriptor.REF_NAME, name));
        }
        Map<String, Object> index = new LinkedHashMap<>();
        index.put("schemaVersion", 2);
        index.put("manifests", List.of(d));
        entry(tar, "index.json", Json.toBytes(index));
        entry(tar, "oci-layout", ("{\"imageLayoutVersion\":\"" + MediaType.OCI_LAYOUT_VERSION + "\"}")
                .getBytes(StandardCharsets.UTF_8));
    }

    private byte[] config() throws IOException {
        byte[] config = Files.readAllBytes(paths.blobs().resolve(record.id()));
        Digest actual = Digest.of(config);
        if (!actual.hex().equals(record.id())) {
            throw new SkiffException("image " + record.id() + ": stored config has digest " + actual + ", expected sha256:"
                    + record.id());
        }
        return config;
    }

    /** Writes layer {@code i} as entry {@code file} and returns its size. */
    private long writeLayer(TarArchiveOutputStream tar, String file, int i, Digest diffId) throws IOException {
        Path layerDir = paths.layers().resolve(record.layerChainIds().get(i));
        String what = "layer " + diffId;
        Path split = layerDir.resolve(TarSplit.FILE);
        if (!Files.isRegularFile(split)) {
            throw new SkiffException(what + ": no " + TarSplit.FILE + " record to write it from (stored by an older "
                    + "skiff?): remove the image and load or pull it again");
        }
        long size = LayerRecord.read(layerDir).size();
        TarArchiveEntry e = new TarArchiveEntry(file);
        e.setSize(size);
        e.setMode(0644);
        stamp(e);
        tar.putArchiveEntry(e);
        Hashing out = new Hashing(tar);
        try {
            TarSplit.write(split, layerDir.resolve(LayerRecord.DIFF), out, what);
        } catch (IOException ex) {
            throw new SkiffException(what + ": cannot write it again: " + ex.getMessage(), ex);
        }
        Digest actual = Digest.fromHash(out.sha256.digest());
        if (out.count != size || !actual.equals(diffId)) {
            throw new SkiffException(what + ": written again it has digest " + actual + " and " + out.count
                    + " bytes, expected " + diffId + " and " + size + " bytes: the unpacked layer was changed");
        }
        tar.closeArchiveEntry();
        return size;
    }

    /** Entries carry the image's creation time and no owner names, so saving twice gives the same bytes. */
    private void stamp(TarArchiveEntry e) {
        e.setLastModifiedTime(FileTime.from(record.createdInstant()));
        e.setUserName("");
        e.setGroupName("");
    }

    private void entry(TarArchiveOutputStream tar, String file, byte[] bytes) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(file);
        e.setSize(bytes.length);
        e.setMode(0644);
        stamp(e);
        tar.putArchiveEntry(e);
        tar.write(bytes);
        tar.closeArchiveEntry();
    }

    private void directory(TarArchiveOutputStream tar, String name) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setMode(040755);
        stamp(e);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }

    /** Hashes and counts what passes through, leaving the tar stream open. */
    private static final class Hashing extends FilterOutputStream {
        final MessageDigest sha256 = Digest.newSha256();
        long count;

        Hashing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            sha256.update((byte) b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            sha256.update(b, off, len);
            count += len;
        }

        @Override
        public void close() {
            // the tar entry is closed by the caller
        }
    }
}

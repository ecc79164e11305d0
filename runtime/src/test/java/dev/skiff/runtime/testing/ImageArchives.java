package dev.skiff.runtime.testing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skiff.oci.digest.Digest;
import dev.skiff.oci.image.MediaType;
import dev.skiff.oci.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Writes docker-archive and oci-archive files of small test images. */
public final class ImageArchives {
    private ImageArchives() {}

    /** An image config for these uncompressed layers, with a Cmd and Env. */
    public static byte[] config(List<byte[]> plainLayers, String created, String... cmd) {
        ObjectNode c = Json.mapper().createObjectNode();
        c.put("created", created);
        c.put("architecture", "amd64");
        c.put("os", "linux");
        ObjectNode cfg = c.putObject("config");
        cfg.putArray("Env").add("PATH=/usr/bin:/bin").add("GREETING=hi");
        ArrayNode cmdNode = cfg.putArray("Cmd");
        for (String s : cmd) {
            cmdNode.add(s);
        }
        cfg.put("WorkingDir", "/work");
        cfg.put("User", "1000:1000");
        cfg.put("StopSignal", "SIGINT");
        ObjectNode rootfs = c.putObject("rootfs");
        rootfs.put("type", "layers");
        ArrayNode ids = rootfs.putArray("diff_ids");
        for (byte[] l : plainLayers) {
            ids.add(Digest.of(l).toString());
        }
        return Json.toBytes(c);
    }

    /** A docker-archive with one image; {@code layerFiles} are the files as stored (plain or gzip). */
    public static void dockerArchive(Path out, byte[] config, List<byte[]> layerFiles, List<String> repoTags)
            throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        String configName = Digest.of(config).hex() + ".json";
        files.put(configName, config);
        List<String> layerNames = new ArrayList<>();
        for (byte[] l : layerFiles) {
            String name = Digest.of(l).hex() + ".tar";
            files.put(name, l);
            layerNames.add(name);
        }
        ObjectNode entry = Json.mapper().createObjectNode();
        entry.put("Config", configName);
        ArrayNode tags = entry.putArray("RepoTags");
        repoTags.forEach(tags::add);
        ArrayNode layers = entry.putArray("Layers");
        layerNames.forEach(layers::add);
        files.put("manifest.json", Json.toBytes(Json.mapper().createArrayNode().add(entry)));
        writeTar(out, files);
    }

    /** An oci-archive whose index lists one manifest, optionally named by {@code refName}. */
    public static void ociArchive(Path out, byte[] config, List<byte[]> layerBlobs, List<String> layerTypes,
                                  String refName) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        byte[] manifest = ociManifest(config, layerBlobs, layerTypes, files);
        ObjectNode desc = descriptor(MediaType.OCI_MANIFEST, manifest);
        if (refName != null) {
            desc.putObject("annotations").put("org.opencontainers.image.ref.name", refName);
        }
        ociLayout(out, files, desc);
    }

    /** Writes the manifest's blobs into {@code files} and returns the manifest bytes. */
    public static byte[] ociManifest(byte[] config, List<byte[]> layerBlobs, List<String> layerTypes,
                                     Map<String, byte[]> files) {
        ObjectNode m = Json.mapper().createObjectNode();
        m.put("schemaVersion", 2);
        m.put("mediaType", MediaType.OCI_MANIFEST);
        m.set("config", descriptor(MediaType.OCI_CONFIG, config));
        blob(files, config);
        ArrayNode layers = m.putArray("layers");
        for (int i = 0; i < layerBlobs.size(); i++) {
            layers.add(descriptor(layerTypes.get(i), layerBlobs.get(i)));
            blob(files, layerBlobs.get(i));
        }
        byte[] manifest = Json.toBytes(m);
        blob(files, manifest);
        return manifest;
    }

    /** Writes an OCI layout tar whose index.json lists {@code entries}. */
    public static void ociLayout(Path out, Map<String, byte[]> files, ObjectNode... entries) throws IOException {
        ObjectNode index = Json.mapper().createObjectNode();
        index.put("schemaVersion", 2);
        ArrayNode manifests = index.putArray("manifests");
        for (ObjectNode e : entries) {
            manifests.add(e);
        }
        Map<String, byte[]> all = new LinkedHashMap<>();
        all.put("oci-layout", "{\"imageLayoutVersion\": \"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
        all.put("index.json", Json.toBytes(index));
        all.putAll(files);
        writeTar(out, all);
    }

    public static ObjectNode descriptor(String mediaType, byte[] blob) {
        ObjectNode d = Json.mapper().createObjectNode();
        d.put("mediaType", mediaType);
        d.put("digest", Digest.of(blob).toString());
        d.put("size", blob.length);
        return d;
    }

    public static void blob(Map<String, byte[]> files, byte[] blob) {
        files.put("blobs/sha256/" + Digest.of(blob).hex(), blob);
    }

    public static void writeTar(Path out, Map<String, byte[]> files) throws IOException {
        try (OutputStream os = Files.newOutputStream(out); TarArchiveOutputStream tar = new TarArchiveOutputStream(os)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                TarArchiveEntry e = new TarArchiveEntry(f.getKey());
                e.setSize(f.getValue().length);
                tar.putArchiveEntry(e);
                tar.write(f.getValue());
                tar.closeArchiveEntry();
            }
            tar.finish();
        }
    }
}

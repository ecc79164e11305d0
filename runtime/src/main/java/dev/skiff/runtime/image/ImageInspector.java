package dev.skiff.runtime.image;

import dev.skiff.oci.digest.Digest;
import dev.skiff.oci.image.ImageConfig;
import dev.skiff.oci.image.Manifest;
import dev.skiff.oci.image.MediaType;
import dev.skiff.oci.json.Json;
import dev.skiff.runtime.storage.StorePaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Builds `image inspect` output in the shape of `podman image inspect`. */
final class ImageInspector {
    private ImageInspector() {}

    static Map<String, Object> inspect(StorePaths paths, ImageRecord r, StoredImage image) throws IOException {
        ImageConfig config = Json.read(Files.readAllBytes(paths.blobs().resolve(r.id())), ImageConfig.class);
        String manifestHex = r.manifestDigest().substring(r.manifestDigest().indexOf(':') + 1);
        Path manifestFile = paths.blobs().resolve(Digest.ofHex(manifestHex).hex());
        Map<String, String> annotations = Map.of();
        if (MediaType.isManifest(r.manifestType()) && Files.exists(manifestFile)) {
            annotations = Json.read(Files.readAllBytes(manifestFile), Manifest.class).annotations();
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Id", r.id());
        m.put("Digest", r.manifestDigest());
        m.put("RepoTags", image.names());
        TreeSet<String> repoDigests = new TreeSet<>();
        for (String name : image.names()) {
            repoDigests.add(ImageLookup.repository(name) + "@" + r.manifestDigest());
        }
        m.put("RepoDigests", new ArrayList<>(repoDigests));
        m.put("Parent", "");
        m.put("Comment", config.history().isEmpty() || config.history().getFirst().comment() == null ? ""
                : config.history().getFirst().comment());
        m.put("Created", config.created() == null ? image.created().toString() : config.created());
        m.put("Config", config.config());
        m.put("Version", "");
        m.put("Author", config.author() == null ? "" : config.author());
        m.put("Architecture", config.architecture() == null ? "" : config.architecture());
        m.put("Os", config.os() == null ? "" : config.os());
        m.put("Size", r.size());
        m.put("VirtualSize", r.size());
        m.put("GraphDriver", graphDriver(paths, r.layerChainIds()));
        Map<String, Object> rootfs = new LinkedHashMap<>();
        rootfs.put("Type", config.rootfs().type() == null ? "layers" : config.rootfs().type());
        rootfs.put("Layers", r.diffIds());
        m.put("RootFS", rootfs);
        m.put("Labels", config.config().labels().isEmpty() ? null : config.config().labels());
        m.put("Annotations", annotations);
        m.put("ManifestType", r.manifestType());
        m.put("User", config.config().user() == null ? "" : config.config().user());
        m.put("History", config.history());
        m.put("NamesHistory", image.names());
        return m;
    }

    private static Map<String, Object> graphDriver(StorePaths paths, List<String> chainIds) {
        Map<String, Object> data = new LinkedHashMap<>();
        if (!chainIds.isEmpty()) {
            List<String> lower = new ArrayList<>();
            for (int i = chainIds.size() - 2; i >= 0; i--) {
                lower.add(paths.layers().resolve(chainIds.get(i)).resolve(LayerRecord.DIFF).toString());
            }
            if (!lower.isEmpty()) {
                data.put("LowerDir", String.join(":", lower));
            }
            Path top = paths.layers().resolve(chainIds.getLast());
            data.put("UpperDir", top.resolve(LayerRecord.DIFF).toString());
            data.put("WorkDir", top.resolve("work").toString());
        }
        Map<String, Object> driver = new LinkedHashMap<>();
        driver.put("Name", "overlay");
        driver.put("Data", data.isEmpty() ? null : data);
        return driver;
    }
}

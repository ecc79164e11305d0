package dev.skiff.runtime.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.ZstdOutputStream;
import dev.skiff.oci.digest.Digest;
import dev.skiff.oci.image.MediaType;
import dev.skiff.oci.json.Json;
import dev.skiff.runtime.SkiffException;
import dev.skiff.runtime.storage.StorePaths;
import dev.skiff.runtime.testing.ImageArchives;
import dev.skiff.runtime.testing.StoreSnapshot;
import dev.skiff.runtime.testing.TarBuilder;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tampered or hostile archives are refused with the digests named, and leave the store as it was. */
class ImageTamperingTest {
    static final byte[] BASE = ImageStoreTest.BASE;
    static final byte[] TOP = ImageStoreTest.TOP;

    @TempDir
    Path tmp;
    StorePaths paths;
    ImageStore store;
    Map<String, String> before;
    Path victim;

    @BeforeEach
    void setUp() throws Exception {
        paths = StorePaths.at(tmp.resolve("store"));
        store = new ImageStore(paths);
        Path seed = tmp.resolve("seed.tar");
        ImageArchives.dockerArchive(seed, ImageArchives.config(List.of(BASE), ImageStoreTest.CREATED, "sh"), List.of(BASE),
                List.of("seed:1"));
        store.load(seed, null);
        victim = Files.createDirectories(tmp.resolve("victim"));
        Files.writeString(victim.resolve("keep"), "original");
        before = StoreSnapshot.of(paths.root());
    }

    void assertStoreUnchanged() throws Exception {
        assertThat(StoreSnapshot.of(paths.root())).isEqualTo(before);
        try (Stream<Path> s = Files.list(victim)) {
            assertThat(s).hasSize(1);
        }
        assertThat(victim.resolve("keep")).hasContent("original");
    }

    @Test
    void ociLayerWithWrongBytes_isRefusedNamingBothDigestsAndStoreUnchanged() throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        byte[] manifest = ImageArchives.ociManifest(ImageArchives.config(List.of(TOP), "2024-01-01T00:00:00Z", "x"),
                List.of(TOP), List.of(MediaType.OCI_LAYER), files);
        byte[] evil = new TarBuilder().file("etc/os", "evil").file("app", "app").bytes();
        files.put("blobs/sha256/" + Digest.of(TOP).hex(), evil);
        Path oci = tmp.resolve("tampered.oci");
        ImageArchives.ociLayout(oci, files, ImageArchives.descriptor(MediaType.OCI_MANIFEST, manifest));
        assertThatThrownBy(() -> store.load(oci, null))
                .isInstanceOf(SkiffException.class)
                .hasMessageContaining("layer " + Digest.of(TOP))
                .hasMessageContaining("has digest " + Digest.of(evil))
                .hasMessageContaining("expected " + Digest.of(TOP));
        assertStoreUnchanged();
    }

    @Test
    void dockerLayerNotMatchingDiffId_isRefusedNamingBothDigestsAndStoreUnchanged() throws Exception {
        byte[] evil = new TarBuilder().file("etc/os", "evil").bytes();
        Path archive = tmp.resolve("bad.tar");
        ImageArchives.dockerArchive(archive, ImageArchives.config(List.of(BASE, TOP), "2024-01-01T00:00:00Z", "x"),
                List.of(BASE, evil), List.of("bad:1"));
        assertThatThrownBy(() -> store.load(archive, null))
                .isInstanceOf(SkiffException.class)
                .hasMessageContaining("uncompressed content has digest " + Digest.of(evil))
                .hasMessageContaining("diff_id is " + Digest.of(TOP));
        assertStoreUnchanged();
        assertThat(store.resolve("bad:1")).isEmpty();
    }

    @Test
    void tamperedConfig_isRefused() throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        byte[] config = ImageArchives.config(List.of(TOP), "2024-01-01T00:00:00Z", "x");
        byte[] manifest = ImageArchives.ociManifest(config, List.of(TOP), List.of(MediaType.OCI_LAYER), files);
        byte[] evilConfig = ImageArchives.config(List.of(TOP), "2024-01-01T00:00:00Z", "evil");
        files.put("blobs/sha256/" + Digest.of(config).hex(), evilConfig);
        Path oci = tmp.resolve("config.oci");
        ImageArchives.ociLayout(oci, files, ImageArchives.descriptor(MediaType.OCI_MANIFEST, manifest));
        assertThatThrownBy(() -> store.load(oci, null))
                .isInstanceOf(SkiffException.class)
                .hasMessageContaining("blob " + Digest.of(config));
        assertStoreUnchanged();
    }

    @Test
    void dockerConfigNotMatchingItsFileName_isRefused() throws Exception {
        byte[] config = ImageArchives.config(List.of(BASE), "2024-01-01T00:00:00Z", "x");
        Map<String, byte[]> files = new LinkedHashMap<>();
        String wrongName = "0".repeat(64) + ".json";
        files.put(wrongName, config);
        files.put("layer.tar", BASE);
        files.put("manifest.json", ("[{\"Config\":\"" + wrongName + "\",\"RepoTags\":[\"x:1\"],\"Layers\":[\"layer.tar\"]}]")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Path archive = tmp.resolve("named.tar");
        ImageArchives.writeTar(archive, files);
        assertThatThrownBy(() -> store.load(archive, null))
                .isInstanceOf(SkiffException.class)
                .hasMessageContaining("has digest " + Digest.of(config)).hasMessageContaining("expected sha256:" + "0".repeat(64));
        assertStoreUnchanged();
    }

    @Test
    void manifestThatIsAlsoAnIndex_isRefused() throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        byte[] manifest = ImageArchives.ociManifest(ImageArchives.config(List.of(TOP), "2024-01-01T00:00:00Z", "x"),
                List.of(TOP), List.of(MediaType.OCI_LAYER), files);
        var node = (com.fasterxml.jackson.databind.node.ObjectNode) Json.mapper().readTree(manifest);
        node.putArray("manifests").add(ImageArchives.descriptor(MediaType.OCI_MANIFEST, manifest));
        byte[] ambiguous = Json.toBytes(node);
        ImageArchives.blob(files, ambiguous);
        Path oci = tmp.resolve("ambiguous.oci");
        ImageArchives.ociLayout(oci, files, ImageArchives.descriptor(MediaType.OCI_MANIFEST, ambiguous));
        assertThatThrownBy(() -> store.load(oci, null))
                .isInstanceOf(SkiffException.class).hasMessageContaining("both `manifests` and `layers`");
        assertStoreUnchanged();
    }

    @Test
    void escapingLayerEntry_isRefusedNamingTheEntryAndVictimUntouched() throws Exception {
        String rel = "../../../" + tmp.relativize(victim) + "/pwned";
        byte[] evil = new TarBuilder().file("ok", "x").file(rel, "pwned").bytes();
        Path archive = tmp.resolve("escape.tar");
        ImageArchives.dockerArchive(archive, ImageArchives.config(List.of(BASE, evil), "2024-01-01T00:00:00Z", "x"),
                List.of(BASE, evil), List.of("escape:1"));
        assertThatThrownBy(() -> store.load(archive, null))
                .isInstanceOf(SkiffException.class)
                .hasMessage("layer " + Digest.of(evil) + ": entry `" + rel + "` escapes the layer");
        assertStoreUnchanged();
    }

    @Test
    void symlinkThenWriteThroughIt_isRefusedAndVictimUntouched() throws Exception {
        byte[] evil = new TarBuilder().symlink("ln", victim.toString()).file("ln/pwned", "x").bytes();
        Path archive = tmp.resolve("symlink.tar");
        ImageArchives.dockerArchive(archive, ImageArchives.config(List.of(evil), "2024-01-01T00:00:00Z", "x"),
                List.of(evil), List.of("symlink:1"));
        assertThatThrownBy(() -> store.load(archive, null))
                .isInstanceOf(SkiffException.class).hasMessageContaining("entry `ln/pwned` escapes the layer through the symlink `ln`");
        assertStoreUnchanged();
    }

    @Test
    void gzipOfZeros_isRefusedQuickly() throws Exception {
        byte[] zeros = TarBuilder.gzip(new byte[8 << 20]);
        Path archive = tmp.resolve("zeros.tar");
        ImageArchives.dockerArchive(archive, ImageArchives.config(List.of(new byte[8 << 20]), "2024-01-01T00:00:00Z", "x"),
                List.of(zeros), List.of("zeros:1"));
        assertThatThrownBy(() -> store.load(archive, null))
                .isInstanceOf(SkiffException.class).hasMessageContaining("after the end of the tar stream");
        assertStoreUnchanged();
    }

    @Test
    void zstdMediaType_onBytesThatAreNotZstd_isRefusedNamingTheLayer() throws Exception {
        Path oci = tmp.resolve("zstd.oci");
        ImageArchives.ociArchive(oci, ImageArchives.config(List.of(TOP), "2024-01-01T00:00:00Z", "x"), List.of(TOP),
                List.of(MediaType.OCI_LAYER_ZSTD), "z:1");
        assertThatThrownBy(() -> store.load(oci, null))
                .isInstanceOf(SkiffException.class).hasMessageContaining("layer sha256:").hasMessageContaining("zstd");
        assertStoreUnchanged();
    }

    @Test
    void zstdLayer_isUnpacked() throws Exception {
        ByteArrayOutputStream z = new ByteArrayOutputStream();
        try (ZstdOutputStream out = new ZstdOutputStream(z)) {
            out.write(TOP);
        }
        Path oci = tmp.resolve("zstd-ok.oci");
        ImageArchives.ociArchive(oci, ImageArchives.config(List.of(TOP), "2024-01-01T00:00:00Z", "x"),
                List.of(z.toByteArray()), List.of(MediaType.OCI_LAYER_ZSTD), "z:1");

        store.load(oci, null);

        String chain = Digest.of(TOP).hex();
        assertThat(paths.layers().resolve(chain).resolve("diff")).isDirectory();
    }
}

package dev.skiff.it.cve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.it.support.CraftedImages;
import dev.skiff.it.support.Expect;
import dev.skiff.it.support.Skiff;
import dev.skiff.it.support.TarWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A tampered layer blob, manifest, config or diff_id is refused with an error that names the
 * expected and the actual digest, and the store stays byte-for-byte as it was.
 */
class TamperedDigestTest {

    @RegisterExtension
    static final Skiff skiff = new Skiff();

    static final byte[] LAYER = new TarWriter().file("hello", "hello\n", 0644).finish();
    static final byte[] CONFIG = CraftedImages.config(List.of(LAYER));

    /** A store that holds an image, but none of the layers above: a layer already stored is not read again. */
    @BeforeAll
    static void storeSomething() {
        byte[] other = new TarWriter().file("other", "other\n", 0644).finish();
        skiff.load(CraftedImages.write(skiff, "other.tar", CraftedImages.dockerArchive(List.of(other))));
    }

    /** A layer blob whose bytes do not match its descriptor's digest (oci-archive). */
    @Test
    void layerBlob_changed_isRefusedNamingBothDigests() {
        String err = refused(skiff.fixtures().tamperedOciArchive());

        assertThat(err).contains(skiff.fixtures().diffId(), skiff.fixtures().tamperedDiffId());
    }

    /** A layer whose content does not hash to the config's diff_id (docker-archive has no blob digests). */
    @Test
    void diffId_notMatchingTheLayer_isRefusedNamingBothDigests() {
        String err = refused(skiff.fixtures().tamperedDockerArchive());

        assertThat(err).contains(skiff.fixtures().diffId(), skiff.fixtures().tamperedDiffId());
    }

    /** A docker-archive config file named after a digest its bytes do not have. */
    @Test
    void dockerArchiveConfig_changed_isRefusedNamingBothDigests() {
        byte[] changed = new String(CONFIG, StandardCharsets.UTF_8).replace("amd64", "arm64").getBytes(StandardCharsets.UTF_8);
        String hex = hex(CraftedImages.sha256(CONFIG));
        TarWriter t = new TarWriter();
        t.file("layer.tar", LAYER, 0644, 0, 0);
        t.file(hex + ".json", changed, 0644, 0, 0);
        t.file("manifest.json", ("[{\"Config\":\"" + hex + ".json\",\"RepoTags\":[],\"Layers\":[\"layer.tar\"]}]")
                .getBytes(StandardCharsets.UTF_8), 0644, 0, 0);

        String err = refused(CraftedImages.write(skiff, "config.tar", t.finish()));

        assertThat(err).contains("sha256:" + hex, CraftedImages.sha256(changed));
    }

    /** An oci-archive whose config blob does not match the manifest's config descriptor. */
    @Test
    void ociConfigBlob_changed_isRefusedNamingBothDigests() {
        byte[] changed = new String(CONFIG, StandardCharsets.UTF_8).replace("amd64", "arm64").getBytes(StandardCharsets.UTF_8);
        Map<String, byte[]> files = OciLayouts.image(CONFIG, LAYER);
        files.put("blobs/sha256/" + hex(CraftedImages.sha256(CONFIG)), changed);

        String err = refused(CraftedImages.write(skiff, "oci-config.tar", CraftedImages.ociArchive(files)));

        assertThat(err).contains(CraftedImages.sha256(CONFIG), CraftedImages.sha256(changed));
    }

    /** An oci-archive whose manifest blob does not match the index's descriptor. */
    @Test
    void ociManifestBlob_changed_isRefusedNamingBothDigests() {
        Map<String, byte[]> files = OciLayouts.image(CONFIG, LAYER);
        byte[] manifest = OciLayouts.manifest(CONFIG, LAYER);
        byte[] changed = new String(manifest, StandardCharsets.UTF_8).replace("\"schemaVersion\":2", "\"schemaVersion\":3")
                .getBytes(StandardCharsets.UTF_8);
        files.put("blobs/sha256/" + hex(CraftedImages.sha256(manifest)), changed);

        String err = refused(CraftedImages.write(skiff, "oci-manifest.tar", CraftedImages.ociArchive(files)));

        assertThat(err).contains(CraftedImages.sha256(manifest), CraftedImages.sha256(changed));
    }

    /** The untampered layout loads: the refusals above are about the digests alone. */
    @Test
    void ociLayout_untampered_loads() {
        Path ok = CraftedImages.write(skiff, "oci-ok.tar", CraftedImages.ociArchive(OciLayouts.image(CONFIG, LAYER)));
        skiff.load(ok);
        Expect.exit(skiff.run("rmi", CraftedImages.sha256(CONFIG)), 0);
    }

    private static String refused(Path archive) {
        Map<String, String> before = CraftedImages.snapshot(skiff.storage());

        String err = Expect.failsWithOneLine(skiff.run("load", "-q", "-i", archive.toString()), 125);

        assertThat(CraftedImages.snapshot(skiff.storage())).as("the store after %s", err).isEqualTo(before);
        return err;
    }

    static String hex(String digest) {
        return digest.substring("sha256:".length());
    }

    /** OCI image layouts of one image, as maps of file name to bytes. */
    static final class OciLayouts {
        static byte[] manifest(byte[] config, byte[] layer) {
            return ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                    + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
                    + CraftedImages.sha256(config) + "\",\"size\":" + config.length + "},"
                    + "\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\""
                    + CraftedImages.sha256(layer) + "\",\"size\":" + layer.length + "}]}").getBytes(StandardCharsets.UTF_8);
        }

        static Map<String, byte[]> image(byte[] config, byte[] layer) {
            byte[] manifest = manifest(config, layer);
            return withIndex(index(CraftedImages.sha256(manifest), manifest.length), Map.of(
                    CraftedImages.sha256(manifest), manifest, CraftedImages.sha256(config), config,
                    CraftedImages.sha256(layer), layer));
        }

        static byte[] index(String manifestDigest, long size) {
            return ("{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                    + "\"digest\":\"" + manifestDigest + "\",\"size\":" + size + "}]}").getBytes(StandardCharsets.UTF_8);
        }

        static Map<String, byte[]> withIndex(byte[] index, Map<String, byte[]> blobsByDigest) {
            Map<String, byte[]> files = new LinkedHashMap<>();
            blobsByDigest.forEach((d, b) -> files.put("blobs/sha256/" + hex(d), b));
            files.put("index.json", index);
            return files;
        }
    }
}

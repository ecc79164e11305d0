package dev.skiff.it.cve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.it.cve.TamperedDigestTest.OciLayouts;
import dev.skiff.it.support.CraftedImages;
import dev.skiff.it.support.Expect;
import dev.skiff.it.support.Skiff;
import dev.skiff.it.support.TarWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Malformed digests reaching paths (CVE-2024-3727): an archive whose index names a manifest by
 * {@code sha256:../../x}, upper-case or short hex is refused before any file is touched.
 */
class MalformedDigestTest {

    @RegisterExtension
    static final Skiff skiff = new Skiff();

    static final byte[] LAYER = new TarWriter().file("hello", "hello\n", 0644).finish();

    @BeforeAll
    static void storeSomething() {
        skiff.load(skiff.fixtures().dockerArchive());
    }

    /** Each malformed digest, in the index's manifest descriptor and in the manifest's layer descriptor. */
    @ParameterizedTest
    @ValueSource(strings = {
            "sha256:../../../../../../etc/passwd",
            "sha256:ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789",
            "sha256:abc123",
            "sha512:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde/",
    })
    void malformedDigest_isRefusedBeforeAnyFileIsTouched(String digest) {
        byte[] config = CraftedImages.config(List.of(LAYER));
        Map<String, byte[]> files = OciLayouts.image(config, LAYER);
        files.put("index.json", OciLayouts.index(digest, 100));
        refused(files, digest);

        Map<String, byte[]> layerFiles = OciLayouts.image(config, LAYER);
        byte[] manifest = OciLayouts.manifest(config, LAYER);
        byte[] bad = new String(manifest).replace(CraftedImages.sha256(LAYER), digest).getBytes();
        layerFiles.remove("blobs/sha256/" + TamperedDigestTest.hex(CraftedImages.sha256(manifest)));
        layerFiles.put("blobs/sha256/" + TamperedDigestTest.hex(CraftedImages.sha256(bad)), bad);
        layerFiles.put("index.json", OciLayouts.index(CraftedImages.sha256(bad), bad.length));
        refused(layerFiles, digest);
    }

    private static void refused(Map<String, byte[]> files, String digest) {
        Path archive = CraftedImages.write(skiff, "malformed.tar", CraftedImages.ociArchive(files));
        Map<String, String> before = CraftedImages.snapshot(skiff.storage());

        String err = Expect.failsWithOneLine(skiff.run("load", "-q", "-i", archive.toString()), 125);

        assertThat(err).contains(digest.length() > 20 ? digest.substring(0, 20) : digest);
        assertThat(CraftedImages.snapshot(skiff.storage())).as("the store after %s", err).isEqualTo(before);
    }
}

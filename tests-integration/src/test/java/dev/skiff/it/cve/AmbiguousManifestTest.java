package dev.skiff.it.cve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.it.cve.TamperedDigestTest.OciLayouts;
import dev.skiff.it.support.CraftedImages;
import dev.skiff.it.support.Expect;
import dev.skiff.it.support.Skiff;
import dev.skiff.it.support.TarWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Manifest/index ambiguity (CVE-2021-41190): a document with both {@code manifests} and
 * {@code layers} is refused, whether it is read as a manifest or as an index.
 */
class AmbiguousManifestTest {

    @RegisterExtension
    static final Skiff skiff = new Skiff();

    static final byte[] LAYER = new TarWriter().file("hello", "hello\n", 0644).finish();
    static final byte[] CONFIG = CraftedImages.config(List.of(LAYER));

    @BeforeAll
    static void storeSomething() {
        skiff.load(skiff.fixtures().dockerArchive());
    }

    /** The manifest an index points at also lists `manifests`. */
    @Test
    void manifestThatIsAlsoAnIndex_isRefused() {
        String manifest = new String(OciLayouts.manifest(CONFIG, LAYER), StandardCharsets.UTF_8);
        byte[] both = (manifest.substring(0, manifest.length() - 1) + ",\"manifests\":[]}").getBytes(StandardCharsets.UTF_8);
        Map<String, byte[]> files = OciLayouts.withIndex(OciLayouts.index(CraftedImages.sha256(both), both.length),
                Map.of(CraftedImages.sha256(both), both, CraftedImages.sha256(CONFIG), CONFIG,
                        CraftedImages.sha256(LAYER), LAYER));

        assertThat(refused(files)).contains("ambiguous");
    }

    /** index.json itself also carries `layers` and `config`. */
    @Test
    void indexThatIsAlsoAManifest_isRefused() {
        Map<String, byte[]> files = OciLayouts.image(CONFIG, LAYER);
        String index = new String(files.get("index.json"), StandardCharsets.UTF_8);
        String manifest = new String(OciLayouts.manifest(CONFIG, LAYER), StandardCharsets.UTF_8);
        String extra = manifest.substring(manifest.indexOf("\"config\""), manifest.length() - 1);
        files.put("index.json", (index.substring(0, index.length() - 1) + "," + extra + "}").getBytes(StandardCharsets.UTF_8));

        assertThat(refused(files)).contains("ambiguous");
    }

    private static String refused(Map<String, byte[]> files) {
        Path archive = CraftedImages.write(skiff, "ambiguous.tar", CraftedImages.ociArchive(files));
        Map<String, String> before = CraftedImages.snapshot(skiff.storage());

        String err = Expect.failsWithOneLine(skiff.run("load", "-q", "-i", archive.toString()), 125);

        assertThat(CraftedImages.snapshot(skiff.storage())).as("the store after %s", err).isEqualTo(before);
        return err;
    }
}

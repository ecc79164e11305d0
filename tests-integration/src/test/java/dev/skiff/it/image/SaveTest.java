package dev.skiff.it.image;

import static dev.skiff.it.support.Fixtures.IMAGE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.it.support.Cmd;
import dev.skiff.it.support.Expect;
import dev.skiff.it.support.Fixtures;
import dev.skiff.it.support.Skiff;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * `skiff save` writes archives that skopeo and podman read with the image's digests intact, and
 * that `skiff load` takes back as the same image.
 */
class SaveTest {

    @RegisterExtension
    static final Skiff skiff = new Skiff();

    @BeforeAll
    static void loadFixture() {
        skiff.load(skiff.fixtures().ociArchiveGzip());
    }

    @Test
    void dockerArchive_isTheDefault_andSkopeoSeesTheOriginalLayerDigest() throws IOException {
        Path out = skiff.home().resolve("saved-docker.tar");

        Expect.exit(skiff.run("save", "-o", out.toString(), Fixtures.OCI_GZIP_IMAGE), 0);

        assertThat(Fixtures.entries(out)).contains("manifest.json", hex(skiff.fixtures().diffId()) + ".tar");
        String inspect = Expect.exit(skiff.runAsUser("skopeo", "inspect", "docker-archive:" + out), 0);
        assertThat(inspect).contains(skiff.fixtures().diffId());
        assertThat(new String(Fixtures.entry(out, "manifest.json", false), java.nio.charset.StandardCharsets.UTF_8))
                .contains("\"RepoTags\":[\"" + Fixtures.OCI_GZIP_IMAGE + "\"]");
        String config = Expect.exit(skiff.runAsUser("skopeo", "inspect", "--config", "--raw", "docker-archive:" + out), 0);
        assertThat(sha256(config.getBytes(java.nio.charset.StandardCharsets.UTF_8))).isEqualTo(skiff.fixtures().imageId());
    }

    @Test
    void ociArchive_isReadBySkopeo_andLoadsBackToTheSameId() {
        Path out = skiff.home().resolve("saved-oci.tar");

        Expect.exit(skiff.run("save", "--format", "oci-archive", "-o", out.toString(), Fixtures.OCI_GZIP_IMAGE), 0);

        String inspect = Expect.exit(skiff.runAsUser("skopeo", "inspect", "oci-archive:" + out), 0);
        assertThat(inspect).contains(skiff.fixtures().diffId());
        Expect.exit(skiff.run("rmi", Fixtures.OCI_GZIP_IMAGE), 0);
        assertThat(skiff.load(out).stdoutLines()).contains("Loaded image: " + Fixtures.OCI_GZIP_IMAGE);
        assertThat(Expect.lines(skiff.run("images", "-q", "--no-trunc", Fixtures.OCI_GZIP_IMAGE)))
                .containsExactly(skiff.fixtures().imageId());
    }

    @Test
    void savedArchive_isLoadedAndRunByPodman() {
        Path out = skiff.home().resolve("for-podman.tar");
        Expect.exit(skiff.run("save", "-o", out.toString(), Fixtures.OCI_GZIP_IMAGE), 0);
        try {
            Cmd.Result load = skiff.runAsUser("podman", "load", "-i", out.toString());
            Expect.exit(load, 0);
            List<String> ids = Expect.lines(skiff.runAsUser("podman", "images", "-q", "--no-trunc"));
            assertThat(ids).contains(skiff.fixtures().imageId());
            List<String> ran = Expect.lines(skiff.runAsUser("podman", "run", "--runtime", "runc", "--rm", "--net", "none",
                    Fixtures.OCI_GZIP_IMAGE, "stat", "-c", "%u", "/owned-by-1234"));
            assertThat(ran).containsExactly("1234");
        } finally {
            skiff.cleanUpPodman();
        }
    }

    @Test
    void savingTwice_givesTheSameBytes_andAnUnknownImageFails() throws IOException {
        Path a = skiff.home().resolve("a.tar");
        Path b = skiff.home().resolve("b.tar");
        Expect.exit(skiff.run("save", "-o", a.toString(), Fixtures.OCI_GZIP_IMAGE), 0);
        Expect.exit(skiff.run("save", "-o", b.toString(), Fixtures.OCI_GZIP_IMAGE), 0);

        assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
        assertThat(skiff.run("save", Fixtures.OCI_GZIP_IMAGE).stdoutBytes()).as("save to stdout")
                .isEqualTo(Files.readAllBytes(a));
        assertThat(Expect.failsWithOneLine(skiff.run("save", "-o", a.toString(), "nope"), 125))
                .isEqualTo("Error: nope: image not known");
        Expect.failsWithOneLine(skiff.run("save", "--format", "docker-dir", "-o", a.toString(), IMAGE), 125);
    }

    private static String hex(String digest) {
        return digest.substring("sha256:".length());
    }

    private static String sha256(byte[] bytes) {
        try {
            return "sha256:" + java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.skiff.it.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.it.support.Cmd;
import dev.skiff.it.support.CraftedImages;
import dev.skiff.it.support.Expect;
import dev.skiff.it.support.Fixtures;
import dev.skiff.it.support.LocalRegistry;
import dev.skiff.it.support.Skiff;
import dev.skiff.it.support.TarWriter;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * How `skiff push` moves blobs into a real docker-registry: mounted from another repository of
 * the same registry, and in chunks when a layer is larger than one request should carry.
 */
class PushUploadTest {

    @RegisterExtension
    static final Skiff skiff = new Skiff();

    @RegisterExtension
    static final LocalRegistry registry = LocalRegistry.plain();

    @Test
    void push_imagePulledFromAnotherRepository_mountsItsBlobsInsteadOfUploading() {
        skiff.load(skiff.fixtures().dockerArchive());
        String source = registry.host() + "/mount-source:1";
        String dest = registry.host() + "/mount-dest:1";
        Expect.exit(skiff.run("push", "--tls-verify=false", Fixtures.IMAGE, source), 0);
        Expect.exit(skiff.run("rmi", Fixtures.IMAGE), 0);
        Expect.exit(skiff.run("pull", "-q", "--tls-verify=false", source), 0);

        Cmd.Result r = skiff.run("push", "--tls-verify=false", source, dest);

        Expect.exit(r, 0);
        assertThat(r.stderr()).as("every blob mounted from the repository the image came from")
                .contains("mounted from mount-source")
                .doesNotContain("skipped: already exists");
        Cmd.Result copy = Cmd.run(List.of("skopeo", "copy", "-q", "--src-tls-verify=false", "docker://" + dest,
                "oci:" + skiff.home().resolve("mounted-copy") + ":x"), Duration.ofSeconds(60));
        assertThat(copy.exitCode()).as("skopeo copy of the mounted image, every digest checked\n%s", copy).isZero();
    }

    @Test
    void push_layerLargerThanOneRequest_goesInChunks_andSkopeoReadsEveryByte() {
        byte[] big = new byte[40 << 20]; // above the 32 MiB that go as one request
        new Random(7).nextBytes(big);
        byte[] layer = new TarWriter().file("big.bin", big, 0644, 0, 0).finish();
        skiff.load(CraftedImages.write(skiff, "big.tar", CraftedImages.dockerArchive(List.of(layer))));
        String id = CraftedImages.sha256(CraftedImages.config(List.of(layer)));
        String dest = registry.host() + "/chunked:1";

        Expect.exit(skiff.run("push", "--tls-verify=false", CraftedImages.NAME, dest), 0);

        Cmd.Result copy = Cmd.run(List.of("skopeo", "copy", "-q", "--src-tls-verify=false", "docker://" + dest,
                "oci:" + skiff.home().resolve("chunked-copy") + ":x"), Duration.ofSeconds(120));
        assertThat(copy.exitCode()).as("skopeo copy of the chunked upload, every digest checked\n%s", copy).isZero();
        Expect.exit(skiff.run("rmi", CraftedImages.NAME), 0);
        assertThat(Expect.lines(skiff.run("pull", "-q", "--tls-verify=false", dest)))
                .as("the image pulled back is the one loaded")
                .containsExactly(id.substring(id.indexOf(':') + 1));
    }
}

package dev.skiff.it.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.it.support.Cmd;
import dev.skiff.it.support.Expect;
import dev.skiff.it.support.LocalRegistry;
import dev.skiff.it.support.Skiff;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A registry serving a layer whose bytes do not match its digest: the pull is refused naming the
 * digest, the store keeps no trace of it, and once the registry is repaired the same pull works.
 */
class TamperedBlobPullTest {

    @RegisterExtension
    static final Skiff skiff = new Skiff();

    @RegisterExtension
    static final LocalRegistry registry = LocalRegistry.plain();

    @Test
    void pull_ofABlobWithWrongBytes_isRefusedNamingTheDigest_storeUnchanged_andALaterGoodPullWorks() throws IOException {
        registry.push("docker-archive:" + skiff.fixtures().dockerArchive(), "busybox:1", "v2s2");
        String ref = registry.host() + "/busybox:1";
        String layer = firstLayerDigest(ref);
        Path blob = registry.blobFile(layer);
        byte[] good = Files.readAllBytes(blob);
        byte[] bad = good.clone();
        bad[bad.length / 2] ^= 0x01;
        Files.write(blob, bad);

        Cmd.Result r = skiff.run("pull", "-q", "--tls-verify=false", ref);

        assertThat(Expect.failsWithOneLine(r, 125)).contains(layer, "registry " + registry.host());
        assertThat(skiff.run("images", "-q").stdoutLines()).as("images after a refused pull").isEmpty();
        assertThat(entries(skiff.storage().resolve("layers"))).as("layers after a refused pull").isEmpty();
        assertThat(entries(skiff.storage().resolve("tmp"))).as("tmp after a refused pull (lock files aside)")
                .allMatch(p -> p.getFileName().toString().endsWith(".lock"));

        Files.write(blob, good);
        assertThat(Expect.lines(skiff.run("pull", "-q", "--tls-verify=false", ref)))
                .containsExactly(skiff.fixtures().imageId().substring("sha256:".length()));
        assertThat(Expect.lines(skiff.run("run", "--rm", ref, "cat", "/owned-by-1234"))).containsExactly("owned by app");
    }

    private static String firstLayerDigest(String ref) {
        Cmd.Result r = Cmd.run(List.of("skopeo", "inspect", "--raw", "--tls-verify=false", "docker://" + ref),
                Duration.ofSeconds(60));
        assertThat(r.exitCode()).as("%s", r).isZero();
        Matcher m = Pattern.compile("\"layers\"\\s*:\\s*\\[.*?\"digest\"\\s*:\\s*\"(sha256:[0-9a-f]{64})\"", Pattern.DOTALL)
                .matcher(r.stdout());
        assertThat(m.find()).as("a layer digest in %s", r.stdout()).isTrue();
        return m.group(1);
    }

    private static List<Path> entries(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }
}

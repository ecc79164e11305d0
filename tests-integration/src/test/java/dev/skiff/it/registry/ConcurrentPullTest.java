package dev.skiff.it.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.it.support.LocalRegistry;
import dev.skiff.it.support.Skiff;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two `skiff pull`s at once of images sharing a layer both succeed and store that layer once. */
class ConcurrentPullTest {

    @RegisterExtension
    static final Skiff skiff = new Skiff();

    @RegisterExtension
    static final LocalRegistry registry = LocalRegistry.plain();

    @Test
    void twoPullsAtOnce_ofImagesSharingALayer_bothSucceed_andTheLayerIsStoredOnce() throws Exception {
        String archive = "docker-archive:" + skiff.fixtures().dockerArchive();
        registry.push(archive, "a:1", "v2s2");
        registry.push(archive, "b:1", "oci");

        Process a = skiff.command("pull", "-q", "--tls-verify=false", registry.host() + "/a:1").start();
        Process b = skiff.command("pull", "-q", "--tls-verify=false", registry.host() + "/b:1").start();

        String id = skiff.fixtures().imageId().substring("sha256:".length());
        for (Process p : List.of(a, b)) {
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("pull finished").isTrue();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as("exit code; stderr: %s", err).isZero();
            assertThat(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip()).isEqualTo(id);
        }
        assertThat(entries(skiff.storage().resolve("layers"))).hasSize(1);
        assertThat(entries(skiff.storage().resolve("tmp"))).allMatch(p -> p.getFileName().toString().endsWith(".lock"));
    }

    private static List<Path> entries(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }
}

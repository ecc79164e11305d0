package dev.skiff.it.cve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.it.support.CraftedImages;
import dev.skiff.it.support.Expect;
import dev.skiff.it.support.Fixtures;
import dev.skiff.it.support.Skiff;
import dev.skiff.it.support.TarWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hostile image configs and files the runtime reads before the container runs: a VOLUME outside
 * the root, /etc or /etc/passwd a symlink (to the host's files) or a FIFO (which would hang the
 * reader), a user beyond the id mapping. Each a clear one-line error, no host file read, no hang,
 * nothing left behind.
 */
class HostileConfigTest {
    @RegisterExtension
    static final Skiff skiff = new Skiff();

    private static Path victim;

    @BeforeAll
    static void victim() throws Exception {
        victim = CraftedImages.victim(skiff, Map.of("passwd", "canary:x:4242:4242::/:/bin/sh\n"));
    }

    private static void load(String configFields, byte[] top) throws Exception {
        byte[] base = Fixtures.rootfsLayer();
        String config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Cmd\":[\"true\"]" + configFields
                + "},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + CraftedImages.sha256(base) + "\",\""
                + CraftedImages.sha256(top) + "\"]}}";
        skiff.load(CraftedImages.write(skiff, "hostile.tar", CraftedImages.dockerArchive(
                config.getBytes(StandardCharsets.UTF_8), List.of(base, top))));
    }

    private static void assertNothingMade() {
        assertThat(skiff.run("ps", "-a", "-q").stdoutLines()).isEmpty();
        assertThat(skiff.run("volume", "ls", "-q").stdoutLines()).isEmpty();
    }

    @Test
    void aVolumeOutsideTheRoot_isRefused() throws Exception {
        load(",\"Volumes\":{\"../..\":{}}", new TarWriter().finish());
        assertThat(Expect.failsWithOneLine(skiff.run("run", "--rm", CraftedImages.NAME), 125))
                .contains("VOLUME", "../..");
        assertNothingMade();
    }

    @Test
    void anEtcSymlinkedToTheHost_isNotReadForUsers() throws Exception {
        load("", new TarWriter().symlink("etc", victim.toString()).finish());
        Map<String, String> before = CraftedImages.snapshot(victim);

        assertThat(Expect.failsWithOneLine(skiff.run("run", "--rm", "--user", "canary", CraftedImages.NAME), 125))
                .as("the host's passwd never names the container's user").contains("canary", "no such user");
        assertThat(CraftedImages.snapshot(victim)).isEqualTo(before);
        assertNothingMade();
    }

    @Test
    void aPasswdThatIsAFifo_doesNotHang() throws Exception {
        load("", new TarWriter().raw("etc/passwd", TarConstants.LF_FIFO, new byte[0]).finish());

        assertThat(Expect.failsWithOneLine(skiff.command("run", "--rm", "--user", "app", CraftedImages.NAME)
                .timeout(Duration.ofSeconds(30)).run(), 125)).contains("app", "no such user");
        assertNothingMade();
    }

    @Test
    void aUserBeyondTheMapping_isRefusedUpFront() throws Exception {
        load(",\"User\":\"99999\"", new TarWriter().finish());

        assertThat(Expect.failsWithOneLine(skiff.run("run", "--rm", CraftedImages.NAME), 125))
                .contains("99999", "beyond");
        assertThat(Expect.failsWithOneLine(skiff.run("run", "--rm", "--user", "0:70000", CraftedImages.NAME), 125))
                .contains("70000", "beyond");
        assertNothingMade();
    }
}

package dev.skiff.it.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.it.support.Expect;
import dev.skiff.it.support.Fixtures;
import dev.skiff.it.support.Skiff;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Layers compressed with zstd (written by skopeo) load, run and save back to their diff_ids, leaving no temp files. */
class ZstdLayerTest {

    @RegisterExtension
    static final Skiff skiff = new Skiff();

    @Test
    void zstdOciArchive_loads_runs_andSavesToTheOriginalDiffId() throws IOException {
        Path zstd = skiff.home().resolve("zstd.tar");
        Path tmp = skiff.home().resolve("tmp");
        Files.createDirectory(tmp);
        skiff.workspace().giveToUser(tmp);
        Expect.exit(skiff.runAsUser("skopeo", "--tmpdir", tmp.toString(), "copy", "-q", "--dest-compress",
                "--dest-compress-format", "zstd", "docker-archive:" + skiff.fixtures().dockerArchive(),
                "oci-archive:" + zstd + ":localhost/zstd:1"), 0);
        assertThat(Expect.exit(skiff.runAsUser("skopeo", "inspect", "--raw", "oci-archive:" + zstd), 0))
                .contains("application/vnd.oci.image.layer.v1.tar+zstd");

        assertThat(skiff.command("load", "-i", zstd.toString()).env("TMPDIR", tmp.toString()).run().stdoutLines())
                .contains("Loaded image: localhost/zstd:1");
        assertThat(Expect.lines(skiff.command("run", "--rm", "localhost/zstd:1", "cat", "/owned-by-1234")
                .env("TMPDIR", tmp.toString()).run())).containsExactly("owned by app");

        Path saved = skiff.home().resolve("saved.tar");
        Expect.exit(skiff.run("save", "-o", saved.toString(), "localhost/zstd:1"), 0);
        assertThat(Fixtures.entries(saved)).contains(skiff.fixtures().diffId().substring(7) + ".tar");
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left.toList()).as("files left in TMPDIR").isEmpty();
        }
        skiff.assertNothingLeftBehind();
    }
}

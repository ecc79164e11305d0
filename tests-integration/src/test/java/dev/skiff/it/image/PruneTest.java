package dev.skiff.it.image;

import static dev.skiff.it.support.Fixtures.CONFIG_IMAGE;
import static dev.skiff.it.support.Fixtures.IMAGE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.it.support.Expect;
import dev.skiff.it.support.Skiff;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** `skiff image prune` removes unused images and their layers; `skiff system df` counts what is stored. */
class PruneTest {

    @RegisterExtension
    static final Skiff skiff = new Skiff();

    @Test
    void prune_removesOnlyDanglingImages_thenWithAllEveryUnusedOne() throws IOException {
        skiff.load(skiff.fixtures().dockerArchive());
        skiff.load(skiff.fixtures().configDockerArchive());
        Expect.exit(skiff.run("untag", IMAGE), 0);

        List<String> pruned = Expect.lines(skiff.run("image", "prune", "-f"));

        assertThat(pruned).containsExactly(skiff.fixtures().imageId().substring(7));
        assertThat(Expect.lines(skiff.run("images", "-q"))).hasSize(1);
        assertThat(layers()).as("the shared layer stays for the named image").isEqualTo(1);

        assertThat(Expect.lines(skiff.run("image", "prune", "-a", "-f")))
                .containsExactly(skiff.fixtures().configImageId().substring(7));
        assertThat(Expect.lines(skiff.run("images", "-q"))).isEmpty();
        assertThat(layers()).isZero();
        skiff.assertNothingLeftBehind();
    }

    @Test
    void prune_withoutForce_asksAndKeepsEverythingUnlessTold() {
        skiff.load(skiff.fixtures().configDockerArchive());
        Expect.exit(skiff.run("untag", CONFIG_IMAGE), 0);

        String out = Expect.exit(skiff.command("image", "prune").stdin("n\n").run(), 0);
        assertThat(out).contains("Are you sure you want to continue? [y/N]");
        assertThat(Expect.lines(skiff.run("images", "-q"))).hasSize(1);

        Expect.exit(skiff.command("image", "prune").stdin("y\n").run(), 0);
        assertThat(Expect.lines(skiff.run("images", "-q"))).isEmpty();
    }

    @Test
    void systemDf_printsPodmansColumns() {
        skiff.load(skiff.fixtures().dockerArchive());

        List<String> out = Expect.lines(skiff.run("system", "df"));

        assertThat(out.get(0)).matches("TYPE\\s+TOTAL\\s+ACTIVE\\s+SIZE\\s+RECLAIMABLE");
        assertThat(out.get(1)).matches("Images\\s+1\\s+0\\s+[0-9.]+[kM]B\\s+[0-9.]+[kM]B \\(100%\\)");
        assertThat(out.get(2)).matches("Containers\\s+0\\s+0\\s+0B\\s+0B \\(0%\\)");
        assertThat(out.get(3)).matches("Local Volumes\\s+0\\s+0\\s+0B\\s+0B \\(0%\\)");
        Expect.exit(skiff.run("rmi", "-a"), 0);
    }

    private static long layers() throws IOException {
        try (Stream<java.nio.file.Path> s = Files.list(skiff.storage().resolve("layers"))) {
            return s.count();
        }
    }
}

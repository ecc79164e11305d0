package dev.skiff.it.lifecycle;

import static dev.skiff.it.support.Fixtures.IMAGE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.it.support.Expect;
import dev.skiff.it.support.Skiff;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** After `run --rm` no process, mount, container directory, cgroup or temp file of it remains. */
class RunCleanupTest {

    @RegisterExtension
    static final Skiff skiff = new Skiff();

    @BeforeAll
    static void loadImage() {
        skiff.load(skiff.fixtures().dockerArchive());
    }

    @Test
    void runRm_leavesNothingBehind() {
        Expect.exit(skiff.run("run", "--rm", IMAGE, "true"), 0);

        skiff.assertNothingLeftBehind();
    }

    @Test
    void runRm_thatWroteFiles_leavesNoUpperDirectory() throws IOException {
        Expect.exit(skiff.run("run", "--rm", "-u", "1234", IMAGE, "sh", "-c",
                "mkdir /tmp/d && echo x > /tmp/d/f && rm /owned-by-1234 2>/dev/null; touch /tmp/mine"), 0);

        skiff.assertNothingLeftBehind();
        try (Stream<Path> files = Files.walk(skiff.storage())) {
            assertThat(files.filter(p -> p.getFileName().toString().equals("mine")).toList())
                    .as("files written by a removed container").isEmpty();
        }
    }

    @Test
    void runRm_ofABackgroundedChild_leavesNothingBehind() {
        Expect.exit(skiff.run("run", "--rm", IMAGE, "sh", "-c", "sleep 300 & echo started"), 0);

        skiff.assertNothingLeftBehind();
    }
}

package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The AOT training pull must really pull, or the cache misses what `pull` loads. */
class TrainingRegistryTest {
    @TempDir
    Path tmp;

    @BeforeEach
    void setUp() {
        System.setProperty("skiff.root", tmp.resolve("store").toString());
    }

    @AfterEach
    void tearDown() {
        System.clearProperty("skiff.root");
    }

    @Test
    void pullFromTheTrainingRegistry_storesItsImage() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (TrainingRegistry registry = new TrainingRegistry()) {
            int code = Main.run(new PrintStream(out, true), new PrintStream(err, true),
                    "pull", "--tls-verify=false", registry.image());

            assertThat(code).as(err.toString()).isZero();
            assertThat(Main.run(new PrintStream(out, true), new PrintStream(err, true), "image", "exists",
                    registry.image())).isZero();
        }
    }
}

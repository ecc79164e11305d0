package dev.skiff.runtime.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Staging directories in tmp/: kept while their command holds them, removed once nobody does. */
class StagingTest {
    @TempDir
    Path home;

    @Test
    void aHeldDirectory_staysUntilClosed_andALeftOneGoesWithTheNextStaging() throws IOException {
        StorePaths paths = StorePaths.forEnvironment(java.util.Map.of("SKIFF_ROOT", home.resolve("store").toString()));
        Staging held = Staging.create(paths, "commit-");
        Files.writeString(held.dir().resolve("layer.tar"), "partial");
        Path killed = Files.createDirectories(paths.tmp().resolve("pull-killed"));
        Files.writeString(killed.resolve(".lock"), ""); // its command died: nobody holds the lock
        Path foreign = Files.createDirectories(paths.tmp().resolve("load-elsewhere"));

        Staging next = Staging.create(paths, "build-");

        assertThat(held.dir().resolve("layer.tar")).as("held by a running command").exists();
        assertThat(killed).as("left by a killed command").doesNotExist();
        assertThat(foreign).as("not a staging directory: another kind of clean-up's").exists();
        held.close();
        next.close();
        assertThat(held.dir()).doesNotExist();
        assertThat(next.dir()).doesNotExist();
    }
}

package dev.skiff.runtime.container;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.runtime.storage.ContainerStates;
import dev.skiff.runtime.storage.FieldFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerDirTest {
    @TempDir
    Path dir;

    private ContainerDir runningSince(String bootId) throws Exception {
        Files.createDirectories(dir.resolve("userdata"));
        String self = Long.toString(ProcessHandle.current().pid());
        Files.writeString(dir.resolve("userdata/pidfile"), self + "\n");
        Files.writeString(dir.resolve("userdata").resolve(ContainerDir.SUPERVISOR_PID), self + "\n");
        FieldFile.create().put("id", "c".repeat(64)).put("name", "c").put("status", "running").put("bootId", bootId)
                .writeTo(dir.resolve(ContainerStates.FILE));
        return ContainerDir.load(dir).orElseThrow();
    }

    @Test
    void aContainerOfThisBoot_whosePidsLive_runs() throws Exception {
        ContainerDir c = runningSince(ContainerDir.bootId());

        assertThat(c.running()).isTrue();
        assertThat(c.exit()).isEmpty();
    }

    @Test
    void aContainerRecordedRunningBeforeARestart_hasExited_withTheReason_evenWhenItsPidIsTakenNow() throws Exception {
        ContainerDir c = runningSince("00000000-0000-0000-0000-000000000000");

        assertThat(c.pid()).isEmpty();
        assertThat(c.running()).isFalse();
        assertThat(c.exit()).hasValueSatisfying(e -> assertThat(e.code()).isEqualTo(-1));
        assertThat(c.exitReason()).isEqualTo("the host restarted while the container ran");
        assertThat(ContainerDir.load(dir).orElseThrow().exit()).as("recorded").isPresent();
    }

    @Test
    void alive_isTrueForThisProcess_andFalseForNone() {
        assertThat(ContainerDir.alive(ProcessHandle.current().pid())).isTrue();
        assertThat(ContainerDir.alive(Integer.MAX_VALUE)).isFalse();
    }

    @Test
    void createAndDelete_leaveAWholeContainerOrNone_andNothingInTmp() throws Exception {
        dev.skiff.runtime.storage.StorePaths paths = dev.skiff.runtime.storage.StorePaths.at(dir.resolve("store"));
        dev.skiff.runtime.image.StoredImage image = new dev.skiff.runtime.image.StoredImage("a".repeat(64),
                java.util.List.of("localhost/x:latest"), java.time.Instant.now(), 0);

        ContainerDir c = ContainerDir.create(paths, java.util.Optional.of("whole"), image, false);

        assertThat(ContainerStates.all(paths)).extracting(f -> f.get("name")).containsExactly("whole");
        assertThat(Files.isDirectory(paths.containers().resolve(c.id()).resolve("upper"))).isTrue();
        assertThat(paths.tmp()).isEmptyDirectory();

        c.delete();
        c.delete(); // a second removal finds it gone

        assertThat(paths.containers()).isEmptyDirectory();
        assertThat(paths.tmp()).as("the trash is emptied").isEmptyDirectory();
    }
}

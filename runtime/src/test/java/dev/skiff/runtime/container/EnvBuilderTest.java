package dev.skiff.runtime.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.runtime.SkiffException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvBuilderTest {
    @Test
    void imageEnvThenDefaultsThenFlags_laterWins() {
        List<String> env = EnvBuilder.build(List.of("PATH=/opt/bin", "A=image"), List.of(), List.of("A=flag", "B=2"),
                "host1", "/root");
        assertThat(env).containsExactly("PATH=/opt/bin", "A=flag", "container=skiff", "HOSTNAME=host1", "HOME=/root", "B=2");
    }

    @Test
    void noPathInImage_getsTheDefaultPath() {
        assertThat(EnvBuilder.build(List.of(), List.of(), List.of(), "h", "/"))
                .contains("PATH=" + EnvBuilder.DEFAULT_PATH);
    }

    @Test
    void envFile_skipsCommentsAndBlankLines_flagsOverrideIt(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("env");
        Files.writeString(f, "# comment\n\nX=file\nY=with spaces\n");
        assertThat(EnvBuilder.build(List.of(), List.of(f), List.of("X=flag"), "h", "/"))
                .contains("X=flag", "Y=with spaces");
    }

    @Test
    void missingEnvFile_namesTheFile(@TempDir Path dir) {
        assertThatThrownBy(() -> EnvBuilder.build(List.of(), List.of(dir.resolve("nope")), List.of(), "h", "/"))
                .isInstanceOf(SkiffException.class).hasMessageContaining("nope").hasMessageContaining("no such file");
    }

    @Test
    void emptyKey_isRefused() {
        assertThatThrownBy(() -> EnvBuilder.build(List.of(), List.of(), List.of("=x"), "h", "/"))
                .isInstanceOf(SkiffException.class).hasMessageContaining("`=x`");
    }
}

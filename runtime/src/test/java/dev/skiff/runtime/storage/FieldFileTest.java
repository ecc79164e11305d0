package dev.skiff.runtime.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FieldFileTest {
    @TempDir
    Path tmp;

    @Test
    void roundTrip_keepsNewlinesEqualsAndUnicode() throws Exception {
        Path f = tmp.resolve("r");
        FieldFile.create().put("env", List.of("A=b=c", "MULTI=line1\nline2", "U=ü✓", "")).put("empty", List.of())
                .put("one", "x").writeTo(f);
        FieldFile r = FieldFile.read(f);
        assertThat(r.list("env")).containsExactly("A=b=c", "MULTI=line1\nline2", "U=ü✓", "");
        assertThat(r.list("empty")).isEmpty();
        assertThat(r.get("one")).isEqualTo("x");
        assertThat(r.get("absent")).isEmpty();
        assertThat(r.list("absent")).isEmpty();
    }

    @Test
    void valueWithNul_isRefused() {
        assertThatThrownBy(() -> FieldFile.create().put("env", List.of("A=\0")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NUL");
    }

    @Test
    void truncatedFile_isRefused() throws Exception {
        Path f = tmp.resolve("r");
        FieldFile.create().put("env", List.of("a", "b")).writeTo(f);
        byte[] b = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(b, b.length - 1));
        assertThatThrownBy(() -> FieldFile.read(f)).isInstanceOf(IOException.class).hasMessageContaining("truncated");
    }

    @Test
    void atomicWrite_leavesNoTempFiles() throws Exception {
        AtomicFiles.write(tmp.resolve("x"), new byte[] {1});
        AtomicFiles.write(tmp.resolve("x"), new byte[] {2});
        try (var s = Files.list(tmp)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("x");
        }
        assertThat(Files.readAllBytes(tmp.resolve("x"))).containsExactly(2);
    }
}

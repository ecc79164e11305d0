package dev.skiff.runtime.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.runtime.SkiffException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerLogTest {
    private static final String LOG = """
            2026-01-01T10:00:00.000000000+00:00 stdout F first
            2026-01-01T10:00:05.000000000+00:00 stderr F oops
            2026-01-01T10:00:10.000000000+00:00 stdout P part
            2026-01-01T10:00:10.500000000+00:00 stdout F ial
            2026-01-01T10:01:00.000000000+00:00 stdout F last
            """;

    @TempDir
    Path dir;

    private String[] read(Instant since, Instant until, int tail, boolean timestamps) throws Exception {
        Path file = dir.resolve("ctr.log");
        Files.writeString(file, LOG);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        new ContainerLog(file, timestamps, since, until).copy(new PrintStream(out), new PrintStream(err), tail, false, null);
        return new String[] {out.toString(), err.toString()};
    }

    @Test
    void streamsAreSplit_andPartialLinesJoined() throws Exception {
        String[] r = read(null, null, -1, false);
        assertThat(r[0]).isEqualTo("first\npartial\nlast\n");
        assertThat(r[1]).isEqualTo("oops\n");
    }

    @Test
    void sinceAndUntil_boundTheLinesByTheirTime() throws Exception {
        String[] r = read(Instant.parse("2026-01-01T10:00:01Z"), Instant.parse("2026-01-01T10:00:30Z"), -1, false);
        assertThat(r[0]).isEqualTo("partial\n");
        assertThat(r[1]).isEqualTo("oops\n");
    }

    @Test
    void tail_keepsTheLastLines() throws Exception {
        assertThat(read(null, null, 1, false)[0]).isEqualTo("last\n");
    }

    @Test
    void timeValues_rfc3339UnixSecondsAndDurations() {
        Instant now = Instant.parse("2026-01-01T12:00:00Z");
        assertThat(ContainerLog.parseTime("2026-01-01T11:00:00Z", "--since", now)).isEqualTo("2026-01-01T11:00:00Z");
        assertThat(ContainerLog.parseTime("1767268800", "--since", now)).isEqualTo(Instant.ofEpochSecond(1767268800));
        assertThat(ContainerLog.parseTime("1h30m", "--since", now)).isEqualTo("2026-01-01T10:30:00Z");
        assertThatThrownBy(() -> ContainerLog.parseTime("yesterday", "--since", now))
                .isInstanceOf(SkiffException.class).hasMessageContaining("--since `yesterday`");
    }
}

package dev.skiff.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class TabWriterTest {
    @Test
    void columns_areAtLeastTwelveWideAndPaddedByTwo() {
        StringWriter s = new StringWriter();
        new TabWriter()
                .row("REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE")
                .row("docker.io/library/foo", "bar", "dda49b23d6f6", "9 seconds ago", "1.99 MB")
                .printTo(new PrintWriter(s));
        assertThat(s.toString()).isEqualTo("""
                REPOSITORY             TAG         IMAGE ID      CREATED        SIZE
                docker.io/library/foo  bar         dda49b23d6f6  9 seconds ago  1.99 MB
                """);
    }

    @Test
    void headerOnly_matchesPodmansEmptyTable() {
        StringWriter s = new StringWriter();
        new TabWriter().row("REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE").printTo(new PrintWriter(s));
        assertThat(s.toString()).isEqualTo("REPOSITORY  TAG         IMAGE ID    CREATED     SIZE\n");
    }
}

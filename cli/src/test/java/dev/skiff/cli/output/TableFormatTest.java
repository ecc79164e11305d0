package dev.skiff.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TableFormatTest {
    private static final Map<String, String> HEADINGS = Map.of("ID", "IMAGE ID");

    private static String print(TableFormat t) {
        StringWriter s = new StringWriter();
        t.printTo(new PrintWriter(s));
        return s.toString();
    }

    @Test
    void isJson_acceptsPodmansSpellingsOfJson() {
        for (String json : new String[] {"json", " json ", "{{json .}}", "{{ json . }}", "{{json}}"}) {
            assertThat(TableFormat.isJson(json)).as("isJson(%s)", json).isTrue();
        }
        for (String other : new String[] {"table json", "{{json .ID}}", "jsonl", "{{.ID}}"}) {
            assertThat(TableFormat.isJson(other)).as("isJson(%s)", other).isFalse();
        }
        assertThat(TableFormat.isJson(null)).isFalse();
    }

    @Test
    void table_printsHeadingsAndAlignsColumnsSeparatedBySpaces() {
        TableFormat t = new TableFormat("table {{.ID}} {{.Size}}", HEADINGS).heading();
        t.row(Map.of("ID", "0123456789ab", "Size", "1.99 MB"));

        assertThat(print(t)).isEqualTo("IMAGE ID      SIZE\n0123456789ab  1.99 MB\n");
    }

    @Test
    void table_withTabs_isAlignedToo() {
        TableFormat t = new TableFormat("table {{.ID}}\\t{{.Size}}", HEADINGS).heading();
        t.row(Map.of("ID", "x", "Size", "1 B"));

        assertThat(print(t)).isEqualTo("IMAGE ID    SIZE\nx           1 B\n");
    }

    @Test
    void plainFormat_printsRowsAsRenderedWithoutHeadings() {
        TableFormat t = new TableFormat("{{.ID}} {{.Size}}", HEADINGS).heading();
        t.row(Map.of("ID", "x", "Size", "1 B"));

        assertThat(t.isTable()).isFalse();
        assertThat(print(t)).isEqualTo("x 1 B\n");
    }
}

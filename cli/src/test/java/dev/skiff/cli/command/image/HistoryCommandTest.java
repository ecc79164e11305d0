package dev.skiff.cli.command.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.cli.Main;
import dev.skiff.cli.output.HumanUnits;
import dev.skiff.oci.digest.Digest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `skiff history` and `skiff image history` in-process, against output taken from `podman history` 4.3. */
class HistoryCommandTest {
    static final String ADD = "/bin/sh -c #(nop) ADD file:0123456789abcdef0123456789abcdef0123456789abcdef in / ";
    /** Oldest first: ADD (layer 1), CMD (empty), RUN (layer 2, a +02:00 time), ENV (empty, no time). */
    static final String HISTORY = "[{\"created\":\"2020-01-01T00:00:00Z\",\"created_by\":\"" + ADD + "\","
            + "\"comment\":\"base\"},"
            + "{\"created\":\"2020-01-01T00:00:01Z\",\"created_by\":\"/bin/sh -c #(nop)  CMD [\\\"sh\\\"]\","
            + "\"empty_layer\":true},"
            + "{\"created\":\"2021-06-01T12:00:00.5+02:00\",\"created_by\":\"/bin/sh -c echo hi > /b && true\"},"
            + "{\"created_by\":\"ENV A=b\",\"empty_layer\":true}]";

    @TempDir
    Path tmp;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    byte[] base;
    byte[] top;
    String id;

    @BeforeEach
    void setUp() throws IOException {
        System.setProperty("skiff.root", tmp.resolve("store").toString());
        base = tar(Map.of("bin/tool", "#!tool".getBytes(StandardCharsets.UTF_8)));
        top = tar(Map.of("b", "hi\n".repeat(2000).getBytes(StandardCharsets.UTF_8)));
        id = load("tool:1", List.of(base, top), HISTORY);
    }

    @AfterEach
    void tearDown() {
        System.clearProperty("skiff.root");
    }

    private int skiff(String... args) {
        out.reset();
        err.reset();
        return Main.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true), args);
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void history_withHumanFalse_isPodmansTable() {
        assertThat(skiff("history", "--human=false", "tool:1")).isZero();

        String row = "%-14s%-27s%-47s%-12s%s\n";
        assertThat(stdout()).isEqualTo(
                row.formatted("ID", "CREATED", "CREATED BY", "SIZE", "COMMENT")
                + row.formatted(id.substring(0, 12), "0001-01-01T00:00:00Z", "ENV A=b", "0 B", "")
                + row.formatted("<missing>", "2021-06-01T12:00:00+02:00", "/bin/sh -c echo hi > /b && true",
                        HumanUnits.size(top.length), "")
                + row.formatted("<missing>", "2020-01-01T00:00:01Z", "/bin/sh -c #(nop)  CMD [\"sh\"]", "0 B", "")
                + row.formatted("<missing>", "2020-01-01T00:00:00Z", "/bin/sh -c #(nop) ADD file:0123456789abcde...",
                        HumanUnits.size(base.length), "base"));
    }

    @Test
    void history_byDefault_showsDurations_andATimeNotGivenAsGoZeroTime() {
        assertThat(skiff("image", "history", "tool:1")).isZero();

        List<String> lines = stdout().lines().toList();
        assertThat(lines.getFirst()).isEqualTo("ID            CREATED        CREATED BY"
                + "                                     SIZE        COMMENT");
        assertThat(lines.get(1)).as("Go's time.Since saturates at 292 years")
                .startsWith(id.substring(0, 12) + "  292 years ago  ENV A=b  ");
        assertThat(lines.get(4))
                .matches("<missing>     \\d+ years ago +/bin/sh -c #\\(nop\\) ADD file:0123456789abcde\\.\\.\\. .*base");
    }

    @Test
    void noTrunc_showsWholeIdsAndCommands() {
        assertThat(skiff("history", "--no-trunc", "-H=false", "tool:1")).isZero();

        List<String> lines = stdout().lines().toList();
        assertThat(lines.get(1)).startsWith(id + "  0001-01-01T00:00:00Z");
        assertThat(lines.get(4)).contains(ADD + "  ");
    }

    @Test
    void quiet_printsTheIds_includingMissing() {
        assertThat(skiff("history", "-q", "tool:1")).isZero();
        assertThat(stdout()).isEqualTo(id.substring(0, 12) + "\n<missing>\n<missing>\n<missing>\n");

        assertThat(skiff("history", "-q", "--no-trunc", "sha256:" + id)).isZero();
        assertThat(stdout().lines().findFirst()).hasValue(id);
    }

    @Test
    void formatJson_isPodmansCompactArray_withGoEscapes() {
        assertThat(skiff("history", "--format", "json", "tool:1")).isZero();

        assertThat(stdout()).isEqualTo("[{\"id\":\"" + id + "\",\"created\":\"0001-01-01T00:00:00Z\","
                + "\"CreatedBy\":\"ENV A=b\",\"size\":0,\"Created\":\"0001-01-01T00:00:00Z\"},"
                + "{\"id\":\"\\u003cmissing\\u003e\",\"created\":\"2021-06-01T12:00:00.5+02:00\","
                + "\"CreatedBy\":\"/bin/sh -c echo hi \\u003e /b \\u0026\\u0026 true\",\"size\":" + top.length + ","
                + "\"Created\":\"2021-06-01T12:00:00+02:00\"},"
                + "{\"id\":\"\\u003cmissing\\u003e\",\"created\":\"2020-01-01T00:00:01Z\","
                + "\"CreatedBy\":\"/bin/sh -c #(nop)  CMD [\\\"sh\\\"]\",\"size\":0,"
                + "\"Created\":\"2020-01-01T00:00:01Z\"},"
                + "{\"id\":\"\\u003cmissing\\u003e\",\"created\":\"2020-01-01T00:00:00Z\","
                + "\"CreatedBy\":\"" + ADD + "\","
                + "\"size\":" + base.length + ",\"comment\":\"base\",\"Created\":\"2020-01-01T00:00:00Z\"}]\n");
        assertThat(skiff("history", "--format", "{{ json . }}", "tool:1")).isZero();
        assertThat(stdout()).startsWith("[{\"id\":\"" + id + "\"");
    }

    @Test
    void formatTemplate_knowsPodmansFields_andATableHeadsThemAsPodmanDoes() {
        String fields = "{{.ID}}|{{.Created}}|{{.CreatedSince}}|{{.CreatedAt}}|{{.Tags}}|{{.Size}}|{{.Comment}}";
        assertThat(skiff("history", "-H=false", "--format", fields, "tool:1")).isZero();
        assertThat(stdout().lines().toList().get(1)).isEqualTo("<missing>|2021-06-01T12:00:00+02:00|"
                + "2021-06-01T12:00:00+02:00|2021-06-01 10:00:00 +0000 UTC|[]|" + HumanUnits.size(top.length) + "|");

        assertThat(skiff("history", "--format", "table {{.ID}} {{.CreatedBy}} {{.CreatedSince}} {{.Tags}}", "tool:1"))
                .isZero();
        assertThat(stdout().lines().findFirst()).as("podman 4.3's heading of a method field")
                .hasValueSatisfying(h -> assertThat(h).matches("ID +CREATED BY +<no value> +TAGS"));
    }

    @Test
    void imageWithoutHistory_printsHeadingsOnly_andAnEmptyJsonArray() throws IOException {
        load("bare:1", List.of(base), "[]");

        assertThat(skiff("history", "bare:1")).isZero();
        assertThat(stdout()).isEqualTo("ID          CREATED     CREATED BY  SIZE        COMMENT\n");
        assertThat(skiff("history", "--format", "json", "bare:1")).isZero();
        assertThat(stdout()).isEqualTo("[]\n");
    }

    @Test
    void unknownImage_isPodmansError() {
        assertThat(skiff("history", "nosuch")).isEqualTo(125);
        assertThat(err.toString()).isEqualTo("Error: nosuch: image not known\n");
    }

    @Test
    void truncated_cutsAt42BytesOfUtf8_andShowsASplitCharacterAsReplacements() {
        assertThat(HistoryCommand.truncated("x".repeat(45))).isEqualTo("x".repeat(45));
        assertThat(HistoryCommand.truncated("x".repeat(46))).isEqualTo("x".repeat(42) + "...");
        assertThat(HistoryCommand.truncated("a" + "é".repeat(30))).as("the 21st é would end at byte 43")
                .isEqualTo("a" + "é".repeat(20) + "\uFFFD...");
        assertThat(HistoryCommand.truncated("é".repeat(22))).as("44 bytes are not cut").isEqualTo("é".repeat(22));
    }

    /** Loads a docker-archive of these layers and history as NAME; returns the image id (hex). */
    private String load(String name, List<byte[]> layers, String history) throws IOException {
        StringBuilder diffIds = new StringBuilder();
        StringBuilder files = new StringBuilder();
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (byte[] layer : layers) {
            String hex = Digest.of(layer).hex();
            diffIds.append(diffIds.isEmpty() ? "" : ",").append("\"sha256:").append(hex).append('"');
            files.append(files.isEmpty() ? "" : ",").append('"').append(hex).append(".tar\"");
            entries.put(hex + ".tar", layer);
        }
        byte[] config = ("{\"created\":\"2021-06-01T10:00:00Z\",\"architecture\":\"amd64\",\"os\":\"linux\","
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[" + diffIds + "]},\"history\":" + history + "}")
                .getBytes(StandardCharsets.UTF_8);
        String configName = Digest.of(config).hex() + ".json";
        entries.put(configName, config);
        entries.put("manifest.json", ("[{\"Config\":\"" + configName + "\",\"RepoTags\":[\"docker.io/library/" + name
                + "\"],\"Layers\":[" + files + "]}]").getBytes(StandardCharsets.UTF_8));
        Path archive = tmp.resolve(name.replace(':', '-') + ".tar");
        Files.write(archive, tar(entries));
        assertThat(skiff("load", "-q", "-i", archive.toString())).as("load: %s", err).isZero();
        return Digest.of(config).hex();
    }

    private static byte[] tar(Map<String, byte[]> files) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (TarArchiveOutputStream t = new TarArchiveOutputStream(b)) {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                TarArchiveEntry e = new TarArchiveEntry(f.getKey());
                e.setSize(f.getValue().length);
                e.setMode(0100644);
                t.putArchiveEntry(e);
                t.write(f.getValue());
                t.closeArchiveEntry();
            }
            t.finish();
        }
        return b.toByteArray();
    }
}

package dev.skiff.it.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.it.support.CraftedImages;
import dev.skiff.it.support.Expect;
import dev.skiff.it.support.Fixtures;
import dev.skiff.it.support.LocalRegistry;
import dev.skiff.it.support.Skiff;
import dev.skiff.it.support.TarWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * `skiff history` of an image pulled from a local registry: one row per history entry of its
 * config, newest first, layer sizes on the steps that added layers, as `podman history` shows it.
 */
class HistoryTest {

    @RegisterExtension
    static final Skiff skiff = new Skiff();

    @RegisterExtension
    static final LocalRegistry registry = LocalRegistry.plain();

    /** The steps, oldest first: {created, created_by, comment, empty_layer}. */
    static final String[][] STEPS = {
            {"2024-01-01T00:00:00Z", "/bin/sh -c #(nop) ADD file:busybox-static-and-applets-of-the-fixture in / ", "",
                    "false"},
            {"2024-01-01T00:00:01Z", "/bin/sh -c #(nop)  CMD [\"sh\"]", "", "true"},
            {"2024-02-01T10:00:00.25+01:00", "RUN /bin/sh -c echo history > /etc/motd # buildkit",
                    "buildkit.dockerfile.v0", "false"},
            {"2024-02-01T10:00:01+01:00", "ENV GREETING=hi", "buildkit.dockerfile.v0", "true"},
            {"2024-02-01T10:00:02+01:00", "LABEL stage=test", "", "true"},
    };
    /** The same times as `--human=false` prints them. */
    static final String[] RFC3339 = {"2024-01-01T00:00:00Z", "2024-01-01T00:00:01Z", "2024-02-01T10:00:00+01:00",
            "2024-02-01T10:00:01+01:00", "2024-02-01T10:00:02+01:00"};

    static byte[] base;
    static byte[] top;
    static String ref;
    static String id;

    @BeforeAll
    static void pushAndPull() throws Exception {
        base = Fixtures.rootfsLayer();
        top = new TarWriter().dir("etc", 0755, 0, 0).file("etc/motd", "history\n", 0644).finish();
        Path archive = CraftedImages.write(skiff, "history.tar",
                CraftedImages.dockerArchive(config(), List.of(base, top)));
        registry.push("docker-archive:" + archive, "history:1", "v2s2");
        ref = registry.host() + "/history:1";
        id = Expect.lines(skiff.run("pull", "-q", "--tls-verify=false", ref)).getFirst();
        assertThat("sha256:" + id).as("the pulled image's id is its config's digest")
                .isEqualTo(CraftedImages.sha256(config()));
    }

    @Test
    void rows_areTheConfigsHistoryNewestFirst_withTheImageIdOnTop() {
        List<String> rows = Expect.lines(skiff.run("history", "--no-trunc", "--human=false", "--format",
                "{{.ID}}|{{.Created}}|{{.CreatedBy}}|{{.Comment}}", ref));

        List<String> expected = new ArrayList<>();
        for (int i = STEPS.length - 1; i >= 0; i--) {
            String rowId = i == STEPS.length - 1 ? id : "<missing>";
            expected.add((rowId + "|" + RFC3339[i] + "|" + STEPS[i][1] + "|" + STEPS[i][2]).stripTrailing());
        }
        assertThat(rows).containsExactlyElementsOf(expected);
    }

    @Test
    void sizes_areTheUncompressedLayers_onTheStepsThatAddedThem() {
        String json = Expect.exit(skiff.run("history", "--format", "json", ref), 0);

        List<Long> sizes = new ArrayList<>();
        Matcher m = Pattern.compile("\"size\":(\\d+)").matcher(json);
        while (m.find()) {
            sizes.add(Long.parseLong(m.group(1)));
        }
        assertThat(sizes).as("sizes, newest first, in %s", json).containsExactly(0L, 0L, (long) top.length, 0L,
                (long) base.length);
        assertThat(json).startsWith("[{\"id\":\"" + id + "\",\"created\":\"2024-02-01T10:00:02+01:00\"")
                .contains("{\"id\":\"\\u003cmissing\\u003e\",\"created\":\"2024-02-01T10:00:00.25+01:00\"")
                .endsWith("}]\n");
    }

    @Test
    void defaultTable_andImageHistory_truncateIdsAndCommands() {
        List<String> rows = Expect.lines(skiff.run("image", "history", ref));

        assertThat(rows.getFirst()).matches("ID\\s+CREATED\\s+CREATED BY\\s+SIZE\\s+COMMENT");
        assertThat(rows).hasSize(STEPS.length + 1);
        assertThat(rows.get(1)).startsWith(id.substring(0, 12) + "  ").contains(" ago ", "LABEL stage=test", " 0 B");
        assertThat(rows.getLast()).startsWith("<missing>  ").contains("  " + STEPS[0][1].substring(0, 42) + "...  ");
        assertThat(Expect.lines(skiff.run("history", "-q", ref)))
                .containsExactly(id.substring(0, 12), "<missing>", "<missing>", "<missing>", "<missing>");
    }

    @Test
    void output_isPodmans_forTheSamePulledImage() {
        String format = "{{.ID}}|{{.Created}}|{{.CreatedBy}}|{{.Size}}|{{.Comment}}";
        try {
            Expect.exit(skiff.runAsUser("podman", "pull", "-q", "--tls-verify=false", ref), 0);
            for (List<String> options : List.of(List.of("--no-trunc", "--human=false", "--format", format),
                    List.of("--human=false"), List.of("--format", "json"), List.of("-q"))) {
                List<String> argv = new ArrayList<>(options);
                argv.add(ref);
                String podman = Expect.exit(skiff.runAsUser(concat("podman", "history", argv)), 0);
                String ours = Expect.exit(skiff.run(concat("history", argv)), 0);
                assertThat(ours).as("skiff history %s", String.join(" ", argv)).isEqualTo(podman);
            }
        } finally {
            skiff.cleanUpPodman();
        }
    }

    private static String[] concat(String first, List<String> rest) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(rest);
        return all.toArray(String[]::new);
    }

    private static String[] concat(String first, String second, List<String> rest) {
        List<String> all = new ArrayList<>(List.of(first, second));
        all.addAll(rest);
        return all.toArray(String[]::new);
    }

    /** An image config over the two layers whose history holds {@link #STEPS}. */
    static byte[] config() {
        StringBuilder history = new StringBuilder();
        for (String[] s : STEPS) {
            history.append(history.isEmpty() ? "" : ",").append("{\"created\":\"").append(s[0])
                    .append("\",\"created_by\":\"").append(s[1].replace("\"", "\\\"")).append('"');
            if (!s[2].isEmpty()) {
                history.append(",\"comment\":\"").append(s[2]).append('"');
            }
            if (s[3].equals("true")) {
                history.append(",\"empty_layer\":true");
            }
            history.append('}');
        }
        return ("{\"created\":\"2024-02-01T09:00:02Z\",\"architecture\":\"amd64\",\"os\":\"linux\","
                + "\"config\":{\"Cmd\":[\"sh\"]},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
                + CraftedImages.sha256(base) + "\",\"" + CraftedImages.sha256(top) + "\"]},"
                + "\"history\":[" + history + "]}").getBytes(StandardCharsets.UTF_8);
    }
}

package dev.skiff.cli.command.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** load, images, image inspect and rmi through the command line, in-process. */
class ImageCommandsTest {
    @TempDir
    Path tmp;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void setUp() {
        System.setProperty("skiff.root", tmp.resolve("store").toString());
    }

    @AfterEach
    void tearDown() {
        System.clearProperty("skiff.root");
    }

    private int skiff(String... args) {
        out.reset();
        err.reset();
        return Main.run(new PrintStream(out, true), new PrintStream(err, true), args);
    }

    private Path archive() throws IOException {
        byte[] layer = tar(out -> entry(out, "bin/tool", "#!tool"));
        String diff = sha256(layer);
        byte[] config = ("{\"created\":\"2020-01-01T00:00:00Z\",\"architecture\":\"amd64\",\"os\":\"linux\","
                + "\"config\":{\"Cmd\":[\"/bin/tool\"]},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:" + diff
                + "\"]}}").getBytes(StandardCharsets.UTF_8);
        String configName = sha256(config) + ".json";
        byte[] manifest = ("[{\"Config\":\"" + configName + "\",\"RepoTags\":[\"docker.io/library/tool:1\"],"
                + "\"Layers\":[\"" + diff + ".tar\"]}]").getBytes(StandardCharsets.UTF_8);
        byte[] archive = tar(t -> {
            entry(t, configName, config);
            entry(t, diff + ".tar", layer);
            entry(t, "manifest.json", manifest);
        });
        Path p = tmp.resolve("tool.tar");
        Files.write(p, archive);
        return p;
    }

    @Test
    void loadImagesInspectRmi_behaveLikePodman() throws Exception {
        Path archive = archive();
        assertThat(skiff("load", "-q", "-i", archive.toString())).isZero();
        assertThat(out.toString()).isEqualTo("Loaded image: docker.io/library/tool:1\n");
        assertThat(err.toString()).isEmpty();

        assertThat(skiff("images")).isZero();
        String[] lines = out.toString().split("\n");
        assertThat(lines[0]).isEqualTo("REPOSITORY              TAG         IMAGE ID      CREATED      SIZE");
        assertThat(lines[1]).startsWith("docker.io/library/tool  1           ").contains(" years ago ").endsWith(" kB");

        assertThat(skiff("images", "-q")).isZero();
        String shortId = out.toString().strip();
        assertThat(shortId).matches("[0-9a-f]{12}");
        assertThat(skiff("image", "ls", "--no-trunc", "-q")).isZero();
        assertThat(out.toString().strip()).startsWith("sha256:" + shortId);

        assertThat(skiff("image", "inspect", "tool:1")).isZero();
        assertThat(out.toString()).startsWith("[\n     {\n          \"Id\": \"" + shortId)
                .contains("\"RepoTags\": [\n               \"docker.io/library/tool:1\"\n          ]");
        assertThat(skiff("image", "inspect", "--format", "{{.Id}} {{.Config.Cmd}}", "tool:1")).isZero();
        assertThat(out.toString()).matches("[0-9a-f]{64} \\[/bin/tool\\]\n");

        assertThat(skiff("image", "inspect", "nosuch")).isEqualTo(125);
        assertThat(out.toString()).isEqualTo("[]\n");
        assertThat(err.toString()).isEqualTo("Error: inspecting object: nosuch: image not known\n");

        assertThat(skiff("rmi", "nosuch")).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("Error: nosuch: image not known\n");
        assertThat(skiff("rmi", "-f", "nosuch")).isZero();

        assertThat(skiff("rmi", "tool:1")).isZero();
        assertThat(out.toString()).matches("Untagged: docker.io/library/tool:1\nDeleted: [0-9a-f]{64}\n");
        assertThat(skiff("images", "-q")).isZero();
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void loadOfMissingFile_isOneErrorLine() {
        assertThat(skiff("load", "-i", tmp.resolve("nope.tar").toString())).isEqualTo(125);
        assertThat(err.toString()).startsWith("Error: load archive `").endsWith("`: no such file\n");
    }

    private interface TarBody {
        void write(TarArchiveOutputStream t) throws IOException;
    }

    private static byte[] tar(TarBody body) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (TarArchiveOutputStream t = new TarArchiveOutputStream(b)) {
            body.write(t);
            t.finish();
        }
        return b.toByteArray();
    }

    private static void entry(TarArchiveOutputStream t, String name, String content) throws IOException {
        entry(t, name, content.getBytes(StandardCharsets.UTF_8));
    }

    private static void entry(TarArchiveOutputStream t, String name, byte[] content) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(content.length);
        e.setMode(0100755);
        e.setLastModifiedTime(FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
        t.putArchiveEntry(e);
        t.write(content);
        t.closeArchiveEntry();
    }

    private static String sha256(byte[] b) {
        return dev.skiff.oci.digest.Digest.of(b).hex();
    }

}

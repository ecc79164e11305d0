package dev.skiff.it.image;

import static dev.skiff.it.support.Fixtures.CONFIG_IMAGE;
import static dev.skiff.it.support.Fixtures.CONFIG_IMAGE_V1;
import static dev.skiff.it.support.Fixtures.IMAGE;
import static dev.skiff.it.support.Fixtures.OCI_GZIP_IMAGE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.it.support.Cmd;
import dev.skiff.it.support.Expect;
import dev.skiff.it.support.Fixtures;
import dev.skiff.it.support.Skiff;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * `skiff load` takes the archives that `podman save` and `skopeo copy … oci-archive:` write,
 * and `skiff images`, `skiff image inspect` and `skiff rmi` show and remove what it stored.
 */
class LoadTest {

    @RegisterExtension
    static final Skiff skiff = new Skiff();

    private static final Pattern HEADER = Pattern.compile("REPOSITORY\\s+TAG\\s+IMAGE ID\\s+CREATED\\s+SIZE");

    @Test
    void dockerArchive_isLoaded_listed_andRuns() {
        Cmd.Result r = skiff.load(skiff.fixtures().dockerArchive());

        assertThat(r.stdoutLines()).contains("Loaded image: " + IMAGE);
        assertThat(listed(IMAGE)).as("`skiff images` row of %s", IMAGE)
                .contains(shortId(skiff.fixtures().imageId()));
        assertThat(Expect.lines(skiff.run("run", "--rm", IMAGE, "cat", "/owned-by-1234"))).containsExactly("owned by app");
    }

    @Test
    void dockerArchive_withTwoNames_printsEach() {
        Cmd.Result r = skiff.load(skiff.fixtures().configDockerArchive());

        assertThat(r.stdoutLines()).contains("Loaded image: " + CONFIG_IMAGE, "Loaded image: " + CONFIG_IMAGE_V1);
        assertThat(listed(CONFIG_IMAGE)).contains(shortId(skiff.fixtures().configImageId()));
        assertThat(listed(CONFIG_IMAGE_V1)).contains(shortId(skiff.fixtures().configImageId()));
    }

    @Test
    void ociArchiveWrittenBySkopeo_withGzipLayers_isLoaded_andRuns() {
        Cmd.Result r = skiff.load(skiff.fixtures().ociArchiveGzip());

        assertThat(r.stdoutLines()).contains("Loaded image: " + OCI_GZIP_IMAGE);
        assertThat(listed(OCI_GZIP_IMAGE)).contains(shortId(skiff.fixtures().imageId()));
        assertThat(Expect.lines(skiff.run("run", "--rm", OCI_GZIP_IMAGE, "stat", "-c", "%u", "/owned-by-1234")))
                .containsExactly("1234");
    }

    @Test
    void ociArchive_withPlainLayers_andAShortName_isLoadedUnderLocalhost() {
        Cmd.Result r = skiff.load(skiff.fixtures().ociArchivePlain());

        String name = "localhost/" + Fixtures.OCI_PLAIN_REF;
        assertThat(r.stdoutLines()).contains("Loaded image: " + name);
        assertThat(Expect.lines(skiff.run("run", "--rm", name, "stat", "-c", "%u", "/owned-by-1234")))
                .containsExactly("1234");
    }

    @Test
    void archiveSavedByPodman_isLoaded() {
        Path saved = skiff.home().resolve("podman-saved.tar");
        try {
            Expect.exit(skiff.runAsUser("podman", "load", "-q", "-i", skiff.fixtures().dockerArchive().toString()), 0);
            Expect.exit(skiff.runAsUser("podman", "tag", IMAGE, "docker.io/library/saved-by-podman:1"), 0);
            Expect.exit(skiff.runAsUser("podman", "save", "-o", saved.toString(), "docker.io/library/saved-by-podman:1"), 0);
        } finally {
            skiff.cleanUpPodman();
        }

        Cmd.Result r = skiff.load(saved);

        assertThat(r.stdoutLines()).contains("Loaded image: docker.io/library/saved-by-podman:1");
        assertThat(Expect.lines(skiff.run("run", "--rm", "docker.io/library/saved-by-podman:1", "id", "-un")))
                .containsExactly("root");
    }

    @Test
    void loadingTwice_keepsOneImage() {
        skiff.load(skiff.fixtures().dockerArchive());
        skiff.load(skiff.fixtures().dockerArchive());

        List<String> rows = Expect.lines(skiff.run("images")).stream()
                .filter(l -> l.startsWith("docker.io/library/skiff-fixture ") && l.split("\\s+")[1].equals("latest")).toList();
        assertThat(rows).hasSize(1);
    }

    @Test
    void images_printsPodmansColumns() {
        skiff.load(skiff.fixtures().dockerArchive());

        List<String> out = Expect.lines(skiff.run("images"));

        assertThat(out.getFirst()).matches(HEADER);
    }

    @Test
    void imageInspect_showsTheImageIdAndLayers() {
        skiff.load(skiff.fixtures().dockerArchive());

        String out = Expect.exit(skiff.run("image", "inspect", IMAGE), 0);

        String hex = skiff.fixtures().imageId().substring("sha256:".length());
        assertThat(out).containsPattern("\"Id\":\\s*\"" + hex + "\"");
        assertThat(out).contains(skiff.fixtures().diffId());
        assertThat(out).contains(IMAGE);
    }

    @Test
    void rmi_removesOneNameThenTheImage() {
        skiff.load(skiff.fixtures().configDockerArchive());

        Expect.exit(skiff.run("rmi", CONFIG_IMAGE_V1), 0);
        assertThat(listed(CONFIG_IMAGE_V1)).as("row of the removed name").isNull();
        assertThat(listed(CONFIG_IMAGE)).as("row of the other name").isNotNull();

        Expect.exit(skiff.run("rmi", CONFIG_IMAGE), 0);
        assertThat(listed(CONFIG_IMAGE)).isNull();
        Expect.exit(skiff.run("image", "inspect", CONFIG_IMAGE), 125);
        Expect.exit(skiff.run("run", "--rm", CONFIG_IMAGE), 125);
    }

    @Test
    void layerSharedByTwoImages_isUnpackedOnce() throws IOException {
        skiff.load(skiff.fixtures().dockerArchive());
        skiff.load(skiff.fixtures().configDockerArchive());
        Expect.exit(skiff.run("run", "--rm", IMAGE, "true"), 0);
        Expect.exit(skiff.run("run", "--rm", CONFIG_IMAGE), 0);

        try (Stream<Path> files = Files.walk(skiff.storage().resolve("layers"))) {
            assertThat(files.filter(p -> p.getFileName().toString().equals("owned-by-1234"))
                    .filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).toList())
                    .as("unpacked copies of the shared layer").hasSize(1);
        }
    }

    /** The `skiff images` row for NAME ("repo:tag"), or null. */
    private static String listed(String name) {
        int colon = name.lastIndexOf(':');
        String repo = name.substring(0, colon);
        String tag = name.substring(colon + 1);
        List<String> out = Expect.lines(skiff.run("images"));
        assertThat(out).as("`skiff images` output").isNotEmpty();
        assertThat(out.getFirst()).matches(HEADER);
        return out.stream().skip(1).filter(l -> {
            String[] f = l.split("\\s+");
            return f.length >= 3 && f[0].equals(repo) && f[1].equals(tag);
        }).findFirst().orElse(null);
    }

    private static String shortId(String digest) {
        return digest.substring("sha256:".length(), "sha256:".length() + 12);
    }
}

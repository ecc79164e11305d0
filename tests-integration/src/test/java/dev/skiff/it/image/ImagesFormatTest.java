package dev.skiff.it.image;

import static dev.skiff.it.support.Fixtures.IMAGE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.it.support.Expect;
import dev.skiff.it.support.Skiff;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** `skiff images` with --format, --digests, --no-trunc and --filter prints what `podman images` prints. */
class ImagesFormatTest {

    @RegisterExtension
    static final Skiff skiff = new Skiff();

    @BeforeAll
    static void loadFixture() {
        skiff.load(skiff.fixtures().dockerArchive());
    }

    private static String hex() {
        return skiff.fixtures().imageId().substring("sha256:".length());
    }

    @Test
    void formatTable_printsHeadingsAndAlignedColumns() {
        List<String> out = Expect.lines(skiff.run("images", "--format", "table {{.ID}} {{.Repository}} {{.Tag}}"));

        assertThat(out.getFirst()).matches("IMAGE ID\\s+REPOSITORY\\s+TAG");
        assertThat(out).contains(hex().substring(0, 12) + "  docker.io/library/skiff-fixture  latest");
    }

    @Test
    void formatTemplate_printsOneLinePerName_withFunctions() {
        List<String> out = Expect.lines(skiff.run("images", "--format", "{{upper .Tag}}|{{truncate .ID 4}}|{{.Size}}"));

        assertThat(out).hasSize(1);
        assertThat(out.getFirst()).matches("LATEST\\|" + hex().substring(0, 4) + "\\|[0-9.]+ [kM]B");
    }

    @Test
    void formatJson_isPodmansArrayOfImages() {
        String out = Expect.exit(skiff.run("images", "--format", "json"), 0);

        assertThat(out).startsWith("[\n    {\n        \"Id\": \"" + hex() + "\"");
        assertThat(out).contains("\"Names\": [\n            \"" + IMAGE + "\"", "\"Digest\": \"sha256:", "\"Containers\": 0");
    }

    @Test
    void digestsAndNoTrunc_addTheDigestColumnAndTheFullId() {
        List<String> out = Expect.lines(skiff.run("images", "--digests", "--no-trunc"));

        assertThat(out.getFirst()).matches("REPOSITORY\\s+TAG\\s+DIGEST\\s+IMAGE ID\\s+CREATED\\s+SIZE");
        assertThat(out.get(1)).contains("sha256:" + hex()).containsPattern("sha256:[0-9a-f]{64}\\s+sha256:" + hex());
    }

    @Test
    void filters_referenceAndDangling() {
        assertThat(Expect.lines(skiff.run("images", "-q", "--filter", "reference=skiff-fixture"))).hasSize(1);
        assertThat(Expect.lines(skiff.run("images", "-q", "--filter", "reference=nothing*"))).isEmpty();
        assertThat(Expect.lines(skiff.run("images", "-q", "--filter", "dangling=true"))).isEmpty();
        Expect.failsWithOneLine(skiff.run("images", "--filter", "bogus=1"), 125);
    }
}

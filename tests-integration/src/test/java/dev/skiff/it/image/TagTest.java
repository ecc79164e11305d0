package dev.skiff.it.image;

import static dev.skiff.it.support.Fixtures.IMAGE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.it.support.Expect;
import dev.skiff.it.support.Skiff;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** `skiff tag`, `untag` and `image exists` name images and answer as `podman` does. */
class TagTest {

    @RegisterExtension
    static final Skiff skiff = new Skiff();

    @BeforeAll
    static void loadFixture() {
        skiff.load(skiff.fixtures().dockerArchive());
    }

    @Test
    void tag_addsNames_shortOnesUnderLocalhost_andTheImageRunsByEach() {
        Expect.exit(skiff.run("tag", IMAGE, "tagged:1", "quay.io/skiff/tagged:2"), 0);

        assertThat(names()).contains("localhost/tagged:1", "quay.io/skiff/tagged:2", IMAGE);
        Expect.exit(skiff.run("run", "--rm", "tagged:1", "true"), 0);
        Expect.exit(skiff.run("image", "tag", "tagged:1", "tagged:3"), 0);
        assertThat(names()).contains("localhost/tagged:3");
    }

    @Test
    void tag_ofAnUnknownImage_orToABadName_fails125() {
        assertThat(Expect.failsWithOneLine(skiff.run("tag", "nope", "x"), 125)).isEqualTo("Error: nope: image not known");
        assertThat(Expect.failsWithOneLine(skiff.run("tag", IMAGE, "BAD"), 125)).contains("BAD", "lowercase");
    }

    @Test
    void untag_removesNamedNames_orAll_andRefusesANameTheImageLacks() {
        Expect.exit(skiff.run("tag", IMAGE, "untag-me:1", "untag-me:2"), 0);

        String err = Expect.failsWithOneLine(skiff.run("untag", IMAGE, "untag-me:1", "untag-me:9"), 125);
        assertThat(err).isEqualTo("Error: localhost/untag-me:9: tag not known");
        assertThat(names()).as("nothing removed after a refusal").contains("localhost/untag-me:1");

        Expect.exit(skiff.run("untag", IMAGE, "untag-me:1"), 0);
        assertThat(names()).doesNotContain("localhost/untag-me:1").contains("localhost/untag-me:2");

        String id = skiff.fixtures().imageId();
        Expect.exit(skiff.run("image", "untag", id), 0);
        assertThat(names()).doesNotContain("localhost/untag-me:2", IMAGE);
        assertThat(Expect.lines(skiff.run("images", "--filter", "dangling=true", "-q"))).contains(id.substring(7, 19));
        Expect.exit(skiff.run("tag", id, IMAGE), 0);
    }

    @Test
    void imageExists_exits0or1_likePodman() {
        Expect.exit(skiff.run("image", "exists", IMAGE), 0);
        Expect.exit(skiff.run("image", "exists", skiff.fixtures().imageId().substring(7, 19)), 0);
        assertThat(skiff.run("image", "exists", "nope:1").stderr()).isEmpty();
        Expect.exit(skiff.run("image", "exists", "nope:1"), 1);
        Expect.exit(skiff.run("image", "exists"), 125);
    }

    private static List<String> names() {
        List<String> out = Expect.lines(skiff.run("images", "--format", "{{.Repository}}:{{.Tag}}"));
        return out;
    }
}

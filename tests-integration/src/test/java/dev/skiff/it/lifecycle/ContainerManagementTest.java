package dev.skiff.it.lifecycle;

import static dev.skiff.it.support.Fixtures.IMAGE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.it.support.Expect;
import dev.skiff.it.support.Skiff;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** --cidfile, --replace and container prune. */
class ContainerManagementTest {

    @RegisterExtension
    static final Skiff skiff = new Skiff();

    @BeforeAll
    static void loadImage() {
        skiff.load(skiff.fixtures().dockerArchive());
    }

    @Test
    void cidfile_holdsTheId_andAnExistingOneIsRefused() throws Exception {
        Path cid = skiff.home().resolve("ctr.id");
        String id = Expect.exit(skiff.run("run", "-d", "--cidfile", cid.toString(), "--name", "withcid", IMAGE, "true"), 0).strip();
        assertThat(Files.readString(cid)).isEqualTo(id);
        assertThat(Expect.failsWithOneLine(skiff.run("create", "--cidfile", cid.toString(), IMAGE, "true"), 125))
                .contains("--cidfile").contains("exists");
        Expect.exit(skiff.run("wait", "withcid"), 0);
        Expect.exit(skiff.run("rm", "withcid"), 0);
    }

    @Test
    void replace_removesTheContainerOfThatName() {
        String first = Expect.exit(skiff.run("run", "-d", "--name", "same", IMAGE, "sleep", "300"), 0).strip();
        assertThat(Expect.failsWithOneLine(skiff.run("run", "-d", "--name", "same", IMAGE, "true"), 125)).contains("already in use");
        String second = Expect.exit(skiff.run("run", "-d", "--replace", "--name", "same", IMAGE, "sleep", "300"), 0).strip();
        assertThat(Expect.lines(skiff.run("ps", "-a", "-q", "--no-trunc"))).containsExactly(second).doesNotContain(first);
        Expect.exit(skiff.run("rm", "-f", "same"), 0);
    }

    @Test
    void ps_filtersAndFormats() {
        Expect.exit(skiff.run("run", "-d", "--name", "alive", IMAGE, "sleep", "300"), 0);
        String made = Expect.exit(skiff.run("create", "--name", "made", IMAGE, "true"), 0).strip();
        assertThat(Expect.lines(skiff.run("ps", "-a", "--format", "table {{.Names}} {{.State}}")))
                .containsExactly("NAMES       STATE", "made        created", "alive       running");
        assertThat(Expect.lines(skiff.run("ps", "--filter", "status=created", "--format", "{{.Id}}"))).containsExactly(made);
        assertThat(Expect.lines(skiff.run("ps", "-a", "--filter", "name=ali", "--format", "{{.Names}}"))).containsExactly("alive");
        assertThat(Expect.exit(skiff.run("ps", "-a", "--format", "json"), 0)).contains("\"Names\": \"made\"");
        assertThat(Expect.failsWithOneLine(skiff.run("ps", "--filter", "bogus=1"), 125)).contains("--filter");
        Expect.exit(skiff.run("rm", "-f", "alive", "made"), 0);
    }

    @Test
    void labelsAndAnnotations_showInInspect_andLabelsFilterPs() {
        Expect.exit(skiff.run("create", "--name", "tagged", "--label", "tier=web", "-l", "owner=me",
                "--annotation", "note=hi", IMAGE, "true"), 0);
        Expect.exit(skiff.run("create", "--name", "plain", IMAGE, "true"), 0);
        assertThat(Expect.lines(skiff.run("inspect", "-f", "{{.Config.Labels.tier}} {{.Config.Annotations.note}}", "tagged")))
                .containsExactly("web hi");
        assertThat(Expect.lines(skiff.run("ps", "-a", "--filter", "label=tier=web", "--format", "{{.Names}}"))).containsExactly("tagged");
        assertThat(Expect.lines(skiff.run("ps", "-a", "--filter", "label=owner", "--format", "{{.Names}}"))).containsExactly("tagged");
        assertThat(Expect.failsWithOneLine(skiff.run("create", "--label", "=x", IMAGE, "true"), 125)).contains("--label");
        Expect.exit(skiff.run("rm", "tagged", "plain"), 0);
    }

    @Test
    void containerPrune_removesOnlyStoppedContainers() {
        Expect.exit(skiff.run("run", "-d", "--name", "up", IMAGE, "sleep", "300"), 0);
        String done = Expect.exit(skiff.run("create", "--name", "done", IMAGE, "true"), 0).strip();
        assertThat(Expect.lines(skiff.run("container", "prune", "-f"))).containsExactly(done);
        assertThat(Expect.lines(skiff.run("ps", "-a"))).hasSize(2).anySatisfy(l -> assertThat(l).endsWith("up"));
        Expect.exit(skiff.run("rm", "-f", "up"), 0);
        skiff.assertNothingLeftBehind();
    }
}

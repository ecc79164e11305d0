package dev.skiff.it.lifecycle;

import static dev.skiff.it.support.Fixtures.IMAGE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.it.support.Expect;
import dev.skiff.it.support.Skiff;
import java.nio.file.Files;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** `skiff inspect` and `container inspect` show podman-shaped state, through --format too. */
class InspectTest {

    @RegisterExtension
    static final Skiff skiff = new Skiff();

    @BeforeAll
    static void loadImage() {
        skiff.load(skiff.fixtures().dockerArchive());
    }

    @Test
    void runningThenExited_stateFollowsTheContainer() throws Exception {
        String id = Expect.exit(skiff.run("run", "-d", "--name", "insp", "--hostname", "hh", IMAGE, "sleep", "300"), 0).strip();
        long pid = Long.parseLong(Files.readString(skiff.storage().resolve("containers/" + id + "/userdata/pidfile")).strip());
        assertThat(Expect.lines(skiff.run("inspect", "--format", "{{.Id}} {{.State.Status}} {{.State.Running}} {{.State.Pid}} {{.Config.Hostname}}", "insp")))
                .containsExactly(id + " running true " + pid + " hh");
        String json = Expect.exit(skiff.run("container", "inspect", "insp"), 0);
        assertThat(json).startsWith("[").contains("\"Name\": \"insp\"").contains("\"Path\": \"sleep\"");

        Expect.exit(skiff.run("kill", "insp"), 0);
        Expect.exit(skiff.run("wait", "insp"), 0);
        assertThat(Expect.lines(skiff.run("container", "inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", "insp")))
                .containsExactly("exited 137");
        Expect.exit(skiff.run("rm", "insp"), 0);
    }

    @Test
    void inspectOfAnImage_andOfNothing() {
        assertThat(Expect.exit(skiff.run("inspect", "-f", "{{.Id}}", IMAGE), 0).strip()).matches("[0-9a-f]{64}");
        assertThat(Expect.failsWithOneLine(skiff.run("inspect", "nosuchthing"), 125)).contains("nosuchthing");
    }
}

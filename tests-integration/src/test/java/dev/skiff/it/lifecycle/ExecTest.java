package dev.skiff.it.lifecycle;

import static dev.skiff.it.support.Fixtures.IMAGE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.it.support.Expect;
import dev.skiff.it.support.Skiff;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** `skiff exec` joins a running container's namespaces, with its environment and identity. */
class ExecTest {

    @RegisterExtension
    static final Skiff skiff = new Skiff();

    @BeforeAll
    static void startContainer() {
        skiff.load(skiff.fixtures().dockerArchive());
        Expect.exit(skiff.run("run", "-d", "--name", "target", "-e", "FROM_RUN=yes", "-w", "/tmp", "--hostname", "inner",
                IMAGE, "sleep", "300"), 0);
    }

    @AfterAll
    static void removeContainer() {
        Expect.exit(skiff.run("rm", "-f", "target"), 0);
        skiff.assertNothingLeftBehind();
    }

    @Test
    void exec_seesTheContainersProcessesHostnameEnvAndWorkdir() {
        String out = Expect.exit(skiff.run("exec", "target", "sh", "-c",
                "ps -o pid,args; hostname; echo FROM_RUN=$FROM_RUN; pwd; id -u"), 0);
        assertThat(out).contains("sleep 300").contains("inner\n").contains("FROM_RUN=yes\n").contains("/tmp\n").endsWith("0\n");
        assertThat(out.lines().filter(l -> l.matches("\\s*1 .*"))).as("PID 1 is the container's init").anySatisfy(
                l -> assertThat(l).contains("sleep 300"));
    }

    @Test
    void exec_flagsOverrideUserWorkdirAndEnv_andTheExitCodeIsTheCommands() {
        var r = skiff.run("exec", "-u", "1234", "-w", "/", "-e", "X=1", "target", "sh", "-c", "id -u; pwd; echo X=$X; exit 9");
        assertThat(Expect.exit(r, 9)).isEqualTo("1234\n/\nX=1\n");
    }

    @Test
    void execWithStdin_passesIt() {
        assertThat(Expect.exit(skiff.command("exec", "-i", "target", "cat").stdin("through exec\n").run(), 0))
                .isEqualTo("through exec\n");
    }

    @Test
    void execOfAMissingCommand_exits127_andIntoAStoppedContainer_exits126() {
        assertThat(Expect.failsWithOneLine(skiff.run("exec", "target", "nosuchcommand"), 127)).contains("nosuchcommand");
        Expect.exit(skiff.run("run", "-d", "--name", "stopped", IMAGE, "true"), 0);
        Expect.exit(skiff.run("wait", "stopped"), 0);
        assertThat(Expect.failsWithOneLine(skiff.run("exec", "stopped", "true"), 126)).contains("running containers");
        Expect.exit(skiff.run("rm", "stopped"), 0);
    }
}

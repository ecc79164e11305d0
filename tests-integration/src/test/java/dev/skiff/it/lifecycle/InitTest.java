package dev.skiff.it.lifecycle;

import static dev.skiff.it.support.Fixtures.IMAGE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.it.support.Expect;
import dev.skiff.it.support.Skiff;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** --init: skiff-shim's reaper as PID 1, from a sealed copy no container process can write. */
class InitTest {

    @RegisterExtension
    static final Skiff skiff = new Skiff();

    @BeforeAll
    static void loadImage() {
        skiff.load(skiff.fixtures().dockerArchive());
    }

    @Test
    void init_isPid1_runsFromASealedCopy_andTheCommandIsItsChild() {
        List<String> lines = Expect.lines(skiff.run("run", "--rm", "--init", IMAGE, "sh", "-c",
                "tr '\\0' ' ' < /proc/1/cmdline; echo; readlink /proc/1/exe; echo $$ $PPID; "
                        + "echo x > /proc/1/exe 2>/dev/null && echo wrote || echo refused"));

        assertThat(lines).containsExactly("skiff-init reap 2", "/memfd:skiff-init (deleted)", "2 1", "refused");
        assertThat(Expect.exit(skiff.run("create", "--init", "--name", "withinit", IMAGE, "true"), 0)).isNotBlank();
        assertThat(Expect.exit(skiff.run("inspect", "--format", "{{.HostConfig.Init}}", "withinit"), 0).strip())
                .isEqualTo("true");
        Expect.exit(skiff.run("rm", "withinit"), 0);
    }

    @Test
    void init_reapsOrphans_andReturnsTheCommandsExitCode() {
        List<String> ps = Expect.lines(skiff.run("run", "--rm", "--init", IMAGE, "sh", "-c",
                "(sleep 0.2 &); sleep 1; ps -o stat,comm"));

        assertThat(ps).noneMatch(l -> l.strip().startsWith("Z"));
        assertThat(skiff.run("run", "--rm", "--init", IMAGE, "sh", "-c", "exit 7").exitCode()).isEqualTo(7);
        assertThat(Expect.failsWithOneLine(skiff.run("run", "--rm", "--init", IMAGE, "no-such-command"), 127))
                .contains("no-such-command");
    }

    @Test
    void init_forwardsStopsSignalToTheCommand() {
        Expect.exit(skiff.run("run", "-d", "--init", "--name", "trapper", IMAGE, "sh", "-c",
                "trap 'echo got-term; exit 3' TERM; echo ready; while true; do sleep 0.1; done"), 0);
        awaitLog("trapper", "ready");

        Expect.exit(skiff.run("stop", "-t", "10", "trapper"), 0);

        assertThat(Expect.lines(skiff.run("logs", "trapper"))).containsExactly("ready", "got-term");
        assertThat(Expect.exit(skiff.run("inspect", "--format", "{{.State.ExitCode}}", "trapper"), 0).strip())
                .isEqualTo("3");
        Expect.exit(skiff.run("rm", "trapper"), 0);
    }

    private static void awaitLog(String name, String text) {
        for (int i = 0; i < 200 && !skiff.run("logs", name).stdout().contains(text); i++) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}

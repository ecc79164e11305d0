package dev.skiff.it.lifecycle;

import static dev.skiff.it.support.Fixtures.IMAGE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.it.support.Expect;
import dev.skiff.it.support.Skiff;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** `skiff top`: the container's processes from /proc, in podman's columns. */
class TopTest {

    @RegisterExtension
    static final Skiff skiff = new Skiff();

    @BeforeAll
    static void loadImage() {
        skiff.load(skiff.fixtures().dockerArchive());
    }

    @Test
    void top_listsTheContainersProcesses_withTheirContainerPids_andChosenColumns() throws IOException {
        Expect.exit(skiff.run("run", "-d", "--name", "busy", "-u", "app", IMAGE,
                "sh", "-c", "sleep 300 & exec sleep 301"), 0);
        try {
            awaitTwoProcesses();
            assertTopOfBusy();
        } finally {
            Expect.exit(skiff.run("rm", "-f", "busy"), 0);
        }
    }

    private static void assertTopOfBusy() throws IOException {
        List<String> rows = Expect.lines(skiff.run("top", "busy"));
        assertThat(rows.getFirst().split("\\s+"))
                .containsExactly("USER", "PID", "PPID", "%CPU", "ELAPSED", "TTY", "TIME", "COMMAND");
        assertThat(rows.subList(1, rows.size())).hasSize(2)
                .anyMatch(r -> r.matches("app\\s+1\\s+0\\s+\\d+\\.\\d{3}\\s+\\S+s\\s+\\?\\s+\\d[\\d.hm]*s\\s+sleep 301"))
                .anyMatch(r -> r.matches("app\\s+\\d+\\s+1\\s+.*sleep 300"));

        List<String> chosen = Expect.lines(skiff.run("top", "busy", "pid,hpid", "args"));
        assertThat(chosen.getFirst().split("\\s+")).containsExactly("PID", "HPID", "COMMAND");
        String[] init = chosen.stream().filter(r -> r.startsWith("1 ")).findFirst().orElseThrow().split("\\s+", 3);
        assertThat(Files.readString(Path.of("/proc", init[1], "cmdline")).replace('\0', ' ').strip())
                .as("the host process behind HPID").isEqualTo("sleep 301");

        assertThat(Expect.failsWithOneLine(skiff.run("top", "busy", "bogus"), 125)).contains("`bogus`", "pcpu");
    }

    @Test
    void top_ofAStoppedContainer_isRefused() {
        Expect.exit(skiff.run("create", "--name", "idle", IMAGE, "true"), 0);

        assertThat(Expect.failsWithOneLine(skiff.run("top", "idle"), 125)).contains("running containers");
        Expect.exit(skiff.run("rm", "idle"), 0);
    }

    private static void awaitTwoProcesses() {
        for (int i = 0; i < 100; i++) {
            if (skiff.run("top", "busy", "pid").stdoutLines().size() == 3) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}

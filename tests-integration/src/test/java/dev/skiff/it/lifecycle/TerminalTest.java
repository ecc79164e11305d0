package dev.skiff.it.lifecycle;

import static dev.skiff.it.support.Fixtures.IMAGE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.it.support.Cmd;
import dev.skiff.it.support.Expect;
import dev.skiff.it.support.Skiff;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * -t and -it: a pty of the container's own, the caller's terminal in raw mode (given here by
 * script(1)), window sizes, Ctrl-C reaching the container, detach keys, attach, exec -it.
 */
class TerminalTest {

    @RegisterExtension
    static final Skiff skiff = new Skiff();

    @BeforeAll
    static void loadImage() {
        skiff.load(skiff.fixtures().dockerArchive());
    }

    /**
     * Runs SHELL_COMMAND on a terminal of ROWS x COLS, typing INPUT two seconds later (by then skiff
     * has the terminal in raw mode: typed earlier, Ctrl-C and Ctrl-Q would go to the terminal itself).
     */
    private static Cmd.Result onTerminal(int rows, int cols, String input, String shellCommand) {
        Path typed = skiff.home().resolve("typed-" + System.nanoTime());
        try {
            Files.write(typed, input.getBytes(StandardCharsets.ISO_8859_1));
            Files.setPosixFilePermissions(typed, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String inner = "stty rows " + rows + " cols " + cols + "; "
                + shellCommand.replace("SKIFF", skiff.workspace().launcher().toString());
        return skiff.asUser("sh", "-c", "(sleep 2; cat " + typed + ") | script -qec \"$0\" /dev/null", inner).run();
    }

    @Test
    void runIt_givesAPtyOfTheCallersSize_andReturnsTheExitCode() {
        Cmd.Result r = onTerminal(33, 101, "", "SKIFF run --rm -it " + IMAGE
                + " sh -c 'tty; stty size; echo TERM=$TERM; exit 3'");

        assertThat(r.exitCode()).as("%s", r).isEqualTo(3);
        assertThat(r.stdout()).contains("/dev/pts/0", "33 101", "TERM=xterm");
    }

    @Test
    void runIt_passesKeystrokes_andCtrlCReachesTheContainer() {
        Cmd.Result typed = onTerminal(24, 80, "echo typed-$((40+2))\nexit 5\n", "SKIFF run --rm -it " + IMAGE + " sh");
        assertThat(typed.exitCode()).as("%s", typed).isEqualTo(5);
        assertThat(typed.stdout()).contains("typed-42");

        // a PID 1 without a handler ignores SIGINT, as in podman: --init passes it on
        Cmd.Result interrupted = onTerminal(24, 80, "\u0003", "SKIFF run --rm -it --init " + IMAGE + " sleep 30");
        assertThat(interrupted.exitCode()).as("%s", interrupted).isEqualTo(130);
    }

    @Test
    void detachKeys_leaveTheContainerRunning_andAttachReachesItAgain() {
        Cmd.Result run = onTerminal(24, 80, "\u0010\u0011", "SKIFF run --name detached -it " + IMAGE + " sh");
        assertThat(run.exitCode()).as("%s", run).isZero();
        assertThat(Expect.lines(skiff.run("ps", "--format", "{{.Names}} {{.State}}"))).contains("detached running");

        Cmd.Result attach = onTerminal(40, 120, "stty size\nexit 4\n", "SKIFF attach detached");
        assertThat(attach.exitCode()).as("%s", attach).isEqualTo(4);
        assertThat(attach.stdout()).contains("40 120");
        assertThat(Expect.lines(skiff.run("ps", "-a", "--format", "{{.Names}} {{.Status}}")))
                .anyMatch(l -> l.startsWith("detached Exited (4)"));
        assertThat(Expect.failsWithOneLine(skiff.run("attach", "detached"), 125)).contains("running containers");
        Expect.exit(skiff.run("rm", "detached"), 0);
    }

    @Test
    void execIt_givesThatProcessAPty_andAttachRefusesAContainerWithoutOne() {
        Expect.exit(skiff.run("run", "-d", "--name", "plain", IMAGE, "sleep", "300"), 0);

        Cmd.Result exec = onTerminal(21, 77, "stty size\ntty\nexit 6\n", "SKIFF exec -it plain sh");
        assertThat(exec.exitCode()).as("%s", exec).isEqualTo(6);
        assertThat(exec.stdout()).contains("21 77", "/dev/pts/");
        assertThat(Expect.failsWithOneLine(skiff.run("attach", "plain"), 125)).contains("has no terminal", "logs -f");
        assertThat(Expect.lines(skiff.run("exec", "--privileged", "plain", "grep", "CapEff", "/proc/self/status")))
                .noneMatch(l -> l.endsWith("00000000800405fb"));
        assertThat(Expect.lines(skiff.run("exec", "plain", "grep", "CapEff", "/proc/self/status")))
                .containsExactly("CapEff:\t00000000800405fb");
        Expect.exit(skiff.run("rm", "-f", "plain"), 0);
    }
}

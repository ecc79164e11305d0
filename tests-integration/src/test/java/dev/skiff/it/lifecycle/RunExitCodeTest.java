package dev.skiff.it.lifecycle;

import static dev.skiff.it.support.Fixtures.IMAGE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.it.support.Cmd;
import dev.skiff.it.support.Expect;
import dev.skiff.it.support.Skiff;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * `skiff run` exits with the container's status, or with Podman's codes for its own errors:
 * 125 for skiff's (unknown image, bad flag), 126 for a command that cannot be executed, 127
 * for one that does not exist; each error is one clear line on stderr.
 */
class RunExitCodeTest {

    @RegisterExtension
    static final Skiff skiff = new Skiff();

    @BeforeAll
    static void loadImage() {
        skiff.load(skiff.fixtures().dockerArchive());
    }

    @Test
    void success_exits0_withNothingOnStderr() {
        Cmd.Result r = skiff.run("run", "--rm", IMAGE, "true");

        Expect.exit(r, 0);
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderr()).isEmpty();
    }

    @Test
    void failingCommand_exitsWithItsStatus() {
        Expect.exit(skiff.run("run", "--rm", IMAGE, "false"), 1);
        Cmd.Result r = skiff.run("run", "--rm", IMAGE, "sh", "-c", "exit 7");
        Expect.exit(r, 7);
        assertThat(r.stderr()).isEmpty();
    }

    @Test
    void unknownImage_exits125() {
        String line = Expect.failsWithOneLine(skiff.run("run", "--rm", "localhost/no-such-image:latest", "true"), 125);

        assertThat(line).contains("no-such-image");
    }

    @Test
    void unknownFlag_exits125() {
        String line = Expect.failsWithOneLine(skiff.run("run", "--rm", "--no-such-flag", IMAGE, "true"), 125);

        assertThat(line).contains("--no-such-flag");
    }

    @Test
    void notExecutable_exits126() {
        String line = Expect.failsWithOneLine(skiff.run("run", "--rm", IMAGE, "/not-executable"), 126);

        assertThat(line).contains("/not-executable");
    }

    @Test
    void commandNotFound_exits127() {
        String line = Expect.failsWithOneLine(skiff.run("run", "--rm", IMAGE, "nosuchcmd"), 127);

        assertThat(line).contains("nosuchcmd");
    }

    @Test
    void absentAbsolutePath_exits127() {
        String line = Expect.failsWithOneLine(skiff.run("run", "--rm", IMAGE, "/no/such/file"), 127);

        assertThat(line).contains("/no/such/file");
    }

    @Test
    void failedRuns_leaveNothingBehind() {
        Expect.exit(skiff.run("run", "--rm", IMAGE, "nosuchcmd"), 127);
        Expect.exit(skiff.run("run", "--rm", IMAGE, "/not-executable"), 126);
        Expect.exit(skiff.run("run", "--rm", "localhost/no-such-image:latest", "true"), 125);
        Expect.exit(skiff.run("run", "--rm", IMAGE, "sh", "-c", "exit 7"), 7);

        skiff.assertNothingLeftBehind();
    }
}

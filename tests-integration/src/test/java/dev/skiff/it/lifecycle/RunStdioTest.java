package dev.skiff.it.lifecycle;

import static dev.skiff.it.support.Fixtures.IMAGE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.it.support.Cmd;
import dev.skiff.it.support.Expect;
import dev.skiff.it.support.Skiff;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Standard input reaches the container only with `-i`; its stdout and stderr pass through apart. */
class RunStdioTest {

    @RegisterExtension
    static final Skiff skiff = new Skiff();

    @BeforeAll
    static void loadImage() {
        skiff.load(skiff.fixtures().dockerArchive());
    }

    @Test
    void interactive_passesStdinToTheContainer() {
        Cmd.Result r = skiff.command("run", "--rm", "-i", IMAGE, "cat").stdin("hello\nworld\n").run();

        assertThat(Expect.exit(r, 0)).isEqualTo("hello\nworld\n");
    }

    @Test
    void interactive_passesBinaryStdinUnchanged() throws Exception {
        byte[] data = new byte[1 << 20];
        new Random(42).nextBytes(data);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));

        Cmd.Result r = skiff.command("run", "--rm", "--interactive", IMAGE, "sha256sum").stdin(data).run();

        assertThat(Expect.exit(r, 0)).startsWith(sha);
    }

    @Test
    void withoutInteractive_stdinIsNotPassed() {
        Cmd.Result r = skiff.command("run", "--rm", IMAGE, "cat").stdin("must not arrive\n").run();

        assertThat(Expect.exit(r, 0)).isEmpty();
    }

    @Test
    void stdoutAndStderr_stayApart() {
        Cmd.Result r = skiff.run("run", "--rm", IMAGE, "sh", "-c", "echo out; echo err >&2; echo out2");

        Expect.exit(r, 0);
        assertThat(r.stdout()).isEqualTo("out\nout2\n");
        assertThat(r.stderr()).isEqualTo("err\n");
    }

    @Test
    void largeOutput_arrivesWhole() {
        List<String> out = Expect.lines(skiff.run("run", "--rm", IMAGE, "seq", "1", "200000"));

        assertThat(out).hasSize(200000);
        assertThat(out.getLast()).isEqualTo("200000");
    }

    @Test
    void interactiveRuns_leaveNothingBehind() {
        Expect.exit(skiff.command("run", "--rm", "-i", IMAGE, "sh", "-c", "read x; exit 3").stdin("a\n").run(), 3);
        skiff.assertNothingLeftBehind();
    }
}

package dev.skiff.it.lifecycle;

import static dev.skiff.it.support.Fixtures.IMAGE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.it.support.Cmd;
import dev.skiff.it.support.Expect;
import dev.skiff.it.support.Skiff;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** --log-driver k8s-file|none|passthrough and --log-opt path=, max-size=. */
class LogDriverTest {
    private static final String MANY_LINES = "i=0; while [ $i -lt 300 ]; do echo line-$i; i=$((i+1)); done";

    @RegisterExtension
    static final Skiff skiff = new Skiff();

    @BeforeAll
    static void loadImage() {
        skiff.load(skiff.fixtures().dockerArchive());
    }

    @Test
    void foregroundRun_showsTheOutput_andKeepsItInTheLog() {
        Cmd.Result r = skiff.run("run", "--name", "fg", IMAGE, "sh", "-c", "echo to-out; echo to-err >&2");

        assertThat(Expect.lines(r)).containsExactly("to-out");
        assertThat(r.stderr()).isEqualTo("to-err\n");
        Cmd.Result logs = skiff.run("logs", "fg");
        assertThat(logs.stdout()).isEqualTo("to-out\n");
        assertThat(logs.stderr()).isEqualTo("to-err\n");
        Expect.exit(skiff.run("rm", "fg"), 0);
    }

    @Test
    void none_keepsNothing_andLogsSaysSo() {
        Expect.exit(skiff.run("run", "-d", "--name", "quiet", "--log-driver", "none", IMAGE, "echo", "lost"), 0);
        Expect.exit(skiff.run("wait", "quiet"), 0);

        assertThat(Expect.failsWithOneLine(skiff.run("logs", "quiet"), 125)).contains("`none` log driver");
        assertThat(Expect.exit(skiff.run("inspect", "--format", "{{.HostConfig.LogConfig.Type}}", "quiet"), 0).strip())
                .isEqualTo("none");
        Expect.exit(skiff.run("rm", "quiet"), 0);
    }

    @Test
    void passthrough_writesToTheCallersOwnOutput() {
        Cmd.Result r = skiff.run("run", "-d", "--name", "through", "--log-driver", "passthrough", IMAGE,
                "echo", "straight-through");

        assertThat(Expect.lines(r)).contains("straight-through");
        Expect.exit(skiff.run("wait", "through"), 0);
        Expect.exit(skiff.run("rm", "through"), 0);
    }

    @Test
    void maxSize_keepsTheLogSmall_withTheLatestLines_andPathPutsItElsewhere() throws Exception {
        Path custom = skiff.home().resolve("custom.log");
        Expect.exit(skiff.run("run", "-d", "--name", "chatty", "--log-opt", "max-size=1k", "--log-opt",
                "path=" + custom, IMAGE, "sh", "-c", MANY_LINES), 0);
        Expect.exit(skiff.run("wait", "chatty"), 0);

        assertThat(Files.size(custom)).isPositive().isLessThanOrEqualTo(1024);
        List<String> lines = Expect.lines(skiff.run("logs", "chatty"));
        assertThat(lines).contains("line-299").doesNotContain("line-0");
        assertThat(Files.readString(custom)).contains(" stdout F line-299");
        Expect.exit(skiff.run("rm", "chatty"), 0);
    }

    @Test
    void unknownDriversAndOptions_areRefused() {
        assertThat(Expect.failsWithOneLine(skiff.run("run", "--log-driver", "journald", IMAGE, "true"), 125))
                .contains("journald", "k8s-file");
        assertThat(Expect.failsWithOneLine(skiff.run("run", "--log-opt", "colour=red", IMAGE, "true"), 125))
                .contains("colour=red");
        assertThat(Expect.failsWithOneLine(skiff.run("run", "--log-opt", "max-size=lots", IMAGE, "true"), 125))
                .contains("max-size=lots");
        assertThat(Expect.lines(skiff.run("ps", "-a", "--filter", "ancestor=" + IMAGE, "-q"))).isEmpty();
    }
}

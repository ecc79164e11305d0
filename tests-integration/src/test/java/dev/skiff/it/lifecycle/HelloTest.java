package dev.skiff.it.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.it.support.Cmd;
import dev.skiff.it.support.Expect;
import dev.skiff.it.support.Skiff;
import dev.skiff.it.support.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The image embedded in skiff runs straight after the build, with nothing loaded or pulled. */
class HelloTest {

    @RegisterExtension
    static final Skiff skiff = new Skiff();

    @Test
    void runHello_withAnEmptyStore_printsTheGreeting() {
        Cmd.Result r = skiff.run("run", "--rm", "hello");

        assertThat(Expect.exit(r, 0)).contains("Hello from skiff!");
        assertThat(r.stderr()).as(r::toString).isEmpty();
        skiff.assertNothingLeftBehind();
    }

    /** The quick start as root (on a fresh machine it may be run so): pasta must not drop to nobody. */
    @Test
    void runHello_asRealRoot_withTheDefaultNetwork() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "this test JVM is not root");
        Path store = Files.createTempDirectory("skiff-it-root-store");
        try {
            Cmd.Result r = Cmd.run(List.of(skiff.launcher().toString(), "run", "--rm", "hello"), store,
                    Map.of("PATH", System.getenv("PATH"), "HOME", store.toString(), "SKIFF_ROOT", store.toString()),
                    null, Skiff.DEFAULT_TIMEOUT);
            assertThat(Expect.exit(r, 0)).contains("Hello from skiff!");
            assertThat(r.stderr()).as(r::toString).isEmpty();
        } finally {
            Workspace.deleteRecursively(store);
        }
    }

    @Test
    void runHello_twice_worksBothTimes() {
        assertThat(Expect.exit(skiff.run("run", "--rm", "hello"), 0)).contains("Hello from skiff!");
        assertThat(Expect.exit(skiff.run("run", "--rm", "hello"), 0)).contains("Hello from skiff!");
        skiff.assertNothingLeftBehind();
    }
}

package dev.skiff.it.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.it.support.Cmd;
import dev.skiff.it.support.Expect;
import dev.skiff.it.support.Skiff;
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

    @Test
    void runHello_twice_worksBothTimes() {
        assertThat(Expect.exit(skiff.run("run", "--rm", "hello"), 0)).contains("Hello from skiff!");
        assertThat(Expect.exit(skiff.run("run", "--rm", "hello"), 0)).contains("Hello from skiff!");
        skiff.assertNothingLeftBehind();
    }
}

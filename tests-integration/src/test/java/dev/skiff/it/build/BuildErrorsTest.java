package dev.skiff.it.build;

import static dev.skiff.it.support.Fixtures.IMAGE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.it.support.Expect;
import dev.skiff.it.support.Skiff;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Bad Containerfiles fail with exit 125 and one line that names the file and line, and leave
 * no container, mount or temporary file behind.
 */
class BuildErrorsTest {
    @RegisterExtension
    static final Skiff skiff = new Skiff();

    static Path context;

    @BeforeAll
    static void context() {
        skiff.load(skiff.fixtures().dockerArchive());
        context = BuildContexts.make(skiff, "errors", "echo a > a.txt");
        BuildContexts.make(skiff, "outside", "echo private > x");
    }

    @AfterAll
    static void nothingLeft() {
        skiff.assertNothingLeftBehind();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "unknown instruction   | RUNN echo hi                 | Containerfile:3: unknown instruction `RUNN`",
            "source outside        | COPY ../outside/x /x         | Containerfile:3: COPY source `../outside/x` is outside the build context",
            "missing source        | COPY nothing.txt /x          | Containerfile:3: COPY source `nothing.txt`",
            "missing stage         | COPY --from=builder /a /b    | Containerfile:3: ",
            "missing base image    | FROM localhost/no-such-image | Containerfile:3: ",
            "bad flag              | COPY --mode=7 a.txt /a       | Containerfile:3: COPY --mode: unknown flag",
            "rw bind of context    | RUN --mount=type=bind,target=/c,rw true | Containerfile:3: RUN --mount=type=bind,target=/c,rw: a bind of the build context is read-only",
            "bind from nothing     | RUN --mount=type=bind,from=nowhere,target=/c true | Containerfile:3: ",
            "bound source missing  | RUN --mount=type=bind,from=docker.io/library/skiff-fixture:latest,source=/no/such,target=/c true | Containerfile:3: RUN --mount source `/no/such`",
    })
    void badInput_exits125_withTheLine_andLeavesNothing(String what, String instruction, String message) {
        BuildContexts.write(skiff, "errors/Containerfile", "FROM " + IMAGE + "\nRUN echo fine > /fine\n"
                + instruction + "\n");

        String error = Expect.failsWithOneLine(skiff.run("build", "--network", "none", "-q", context.toString()), 125);

        assertThat(error).as(what).startsWith("Error: " + message.strip());
        assertThat(Expect.lines(skiff.run("ps", "-a", "-q"))).isEmpty();
        skiff.assertNothingLeftBehind();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "no such target     | --target=nope     | Error: --target `nope`: no such stage",
            "no such file       | -f=/nonexistent   | Error: -f /nonexistent: no such file",
            "bad platform       | --platform=linux/arm64 | Error: --platform linux/arm64: only linux/amd64",
    })
    void badOptions_exit125(String what, String option, String message) {
        BuildContexts.write(skiff, "errors/Containerfile", "FROM " + IMAGE + "\n");
        String error = Expect.failsWithOneLine(skiff.run("build", option, context.toString()), 125);
        assertThat(error).as(what).startsWith(message.strip());
    }
}

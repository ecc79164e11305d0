package dev.skiff.it.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

/** Assertions on finished commands whose failure messages show the whole command and its output. */
public final class Expect {

    private Expect() {
    }

    /** Asserts the exit code and returns standard output. */
    public static String exit(Cmd.Result r, int code) {
        assertThat(r.exitCode()).as(r::toString).isEqualTo(code);
        return r.stdout();
    }

    /** Asserts success and returns the non-blank lines of standard output. */
    public static List<String> lines(Cmd.Result r) {
        exit(r, 0);
        return r.stdoutLines();
    }

    /** Asserts the exit code and that standard error holds exactly one line; returns it. */
    public static String failsWithOneLine(Cmd.Result r, int code) {
        exit(r, code);
        assertThat(r.stderrLines()).as(() -> "exactly one line on stderr from " + r).hasSize(1);
        return r.stderrLines().getFirst();
    }
}

package dev.skiff.runtime.build;

import java.io.PrintStream;

/**
 * What `build` prints, in podman's words: `STEP n/m: …` per instruction, `--> Using cache ID` on a
 * cache hit, `--> SHORT-ID` after each committed step, `COMMIT NAME`, `Successfully tagged NAME`.
 * With `-q` only the final id is printed, by the caller.
 */
public final class BuildOutput {
    private final PrintStream out;
    private final PrintStream err;
    private final boolean quiet;

    public BuildOutput(PrintStream out, PrintStream err, boolean quiet) {
        this.out = out;
        this.err = err;
        this.quiet = quiet;
    }

    boolean quiet() {
        return quiet;
    }

    void step(String stagePrefix, int n, int total, String instruction) {
        line(stagePrefix + "STEP " + n + "/" + total + ": " + instruction);
    }

    void usingCache(String id) {
        line("--> Using cache " + id);
    }

    void committed(String id) {
        line("--> " + id.substring(0, 12));
    }

    void commit(String name) {
        line("COMMIT" + (name == null ? "" : " " + name));
    }

    void tagged(String name) {
        line("Successfully tagged " + name);
    }

    void warning(String what) {
        err.println("WARNING: " + what);
        err.flush();
    }

    private void line(String s) {
        if (!quiet) {
            out.println(s);
            out.flush();
        }
    }
}

package dev.skiff.cli;

import java.io.OutputStream;
import java.io.PrintStream;

/**
 * The build's training runs for the JDK's AOT caches, against a throwaway store: the common
 * commands in one JVM, and with the argument {@code data} also `pull` from a
 * {@link TrainingRegistry}, for the commands that move image data. A cache loads every class
 * its training loaded at each start, so the common commands get one without the HTTP, TLS and
 * compression classes a pull needs. `run` goes as far as writing the container's plan; there
 * is no shim to start it, so it ends with an error, having loaded everything the hot path needs.
 */
public final class AotTraining {
    private AotTraining() {}

    public static void main(String[] args) throws Exception {
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream());
        String[][] commands = {
            {"--help"},
            {"run", "--help"},
            {"images"},
            {"run", "--rm", "hello"},
            {"run", "--rm", "-i", "-e", "A=b", "-w", "/", "-u", "0", "--name", "training", "--hostname", "h", "hello", "/hello"},
            {"image", "inspect", "hello"},
            {"images", "-q"},
            {"rmi", "hello"},
            {"run", "--rm", "--pull=never", "no-such-image"},
            {"run", "--no-such-flag", "hello"},
        };
        for (String[] c : commands) {
            Main.run(sink, sink, c);
        }
        build(sink, "hello");

        if (args.length == 0 || !args[0].equals("data")) {
            return;
        }
        try (TrainingRegistry registry = new TrainingRegistry()) {
            Main.run(sink, sink, "pull", "--tls-verify=false", registry.image());
            Main.run(sink, sink, "rmi", registry.image());
        }
    }

    /**
     * `build` of BASE twice, cold then from the cache: the parser, the context's hashing and the
     * cache's lookups. With no shim to mount a working container, both end at the COPY. A build
     * starts as the short commands do: most of its time is spent in the containers of its steps.
     */
    private static void build(PrintStream sink, String base) throws java.io.IOException {
        java.nio.file.Path context = java.nio.file.Files.createTempDirectory("skiff-training-build");
        try {
            java.nio.file.Files.writeString(context.resolve("Containerfile"), "ARG BASE=" + base + "\nFROM $BASE AS app\n"
                    + "ENV A=b \\\n    C=\"d e\"\nLABEL x=y\nEXPOSE 80\nWORKDIR /\nUSER 0\nCMD [\"sh\"]\n"
                    + "COPY --chmod=0644 *.txt /f/\nRUN true\n");
            java.nio.file.Files.writeString(context.resolve("file.txt"), "x");
            java.nio.file.Files.writeString(context.resolve(".dockerignore"), "*.tmp\n!keep.tmp\n");
            PrintStream out = System.out;
            System.setOut(sink);
            try {
                for (int i = 0; i < 2; i++) {
                    Main.run(sink, sink, "build", "--tls-verify=false", "-t", "training-build", context.toString());
                }
            } finally {
                System.setOut(out);
            }
        } finally {
            dev.skiff.runtime.storage.FileTrees.deleteRecursively(context);
        }
    }
}

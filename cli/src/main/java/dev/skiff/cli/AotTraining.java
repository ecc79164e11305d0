package dev.skiff.cli;

import java.io.OutputStream;
import java.io.PrintStream;

/**
 * The build's training runs for the JDK's AOT caches, against a throwaway store, a stand-in
 * skiff-shim that reports every start as done, and a launcher's handoff that leads nowhere. A
 * cache loads every class its training loaded at each start, so each kind of command gets its own,
 * without what a command needs only once in a while (a new volume's copy of the image's files):
 * <ul>
 * <li>{@code run}: what starts containers: detached (run -d, create, start) as far as the handoff,
 * and in the foreground, where the JVM starts the supervisor and waits for it;
 * <li>no argument: the other short commands (listing, inspecting, stopping, removing, build);
 * <li>{@code data}: with a `pull` from a {@link TrainingRegistry}, the commands that move image
 * data (HTTP, TLS and compression classes).
 * </ul>
 */
public final class AotTraining {
    private AotTraining() {}

    public static void main(String[] args) throws Exception {
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream());
        String kind = args.length == 0 ? "" : args[0];
        String[][] commands = switch (kind) {
            case "run" -> new String[][] {
                {"run", "-d", "--network", "none", "hello", "/hello"},
                {"run", "-d", "--name", "web", "-p", "127.0.0.1:8080:80", "-e", "A=b", "-v", "/tmp:/data", "--label", "l=v",
                    "hello"},
                {"create", "--name", "created", "hello"},
                {"start", "created"},
                {"run", "--rm", "hello"},
                {"run", "--rm", "-i", "-e", "A=b", "-w", "/", "-u", "0", "--name", "training", "--hostname", "h", "hello",
                    "/hello"},
                {"run", "--name", "kept", "-p", "127.0.0.1:8080:80", "-v", "/tmp:/data", "hello"},
                {"run", "--rm", "--pull=never", "no-such-image"},
                {"run", "--no-such-flag", "hello"},
            };
            default -> new String[][] {
                {"--help"},
                {"run", "--help"},
                {"version"},
                {"images"},
                {"create", "--name", "listed", "hello"},
                {"ps", "-a"},
                {"ps", "-a", "--format", "{{.ID}} {{.Names}} {{.Status}}"},
                {"inspect", "listed"},
                {"inspect", "--format", "{{.State.ExitCode}}", "listed"},
                {"logs", "listed"},
                {"stop", "-t", "0", "listed"},
                {"rm", "-f", "listed"},
                {"image", "inspect", "hello"},
                {"images", "-q"},
                {"rmi", "hello"},
                {"run", "--rm", "--pull=never", "no-such-image"},
            };
        };
        for (String[] c : commands) {
            Main.run(sink, sink, c);
        }
        if (kind.isEmpty()) {
            build(sink, "hello");
        }
        if (!kind.equals("data")) {
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

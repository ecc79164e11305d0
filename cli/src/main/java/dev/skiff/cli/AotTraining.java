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
        if (args.length == 0 || !args[0].equals("data")) {
            return;
        }
        try (TrainingRegistry registry = new TrainingRegistry()) {
            Main.run(sink, sink, "pull", "--tls-verify=false", registry.image());
            Main.run(sink, sink, "rmi", registry.image());
        }
    }
}

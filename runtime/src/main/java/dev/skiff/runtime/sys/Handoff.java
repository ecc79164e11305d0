package dev.skiff.runtime.sys;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The launcher's offer to finish a command in the JVM's place (skiff-shim enter, which runs the
 * JVM as its child and reads SKIFF_HANDOFF_FD). A detached start hands it the supervisor's
 * command line, which the launcher then execs; any other command tells it its exit code once
 * its output is out. Either way the caller goes on without waiting for a JVM to wind down.
 */
public final class Handoff {
    /** The environment variable that names the pipe's descriptor. */
    public static final String ENV = "SKIFF_HANDOFF_FD";
    private static boolean handedOver;

    private Handoff() {}

    /**
     * Whether the launcher offered it. A command hands over at most its last step; once the
     * launcher has taken a command line, another write fails and the JVM does that step itself.
     */
    public static boolean available() {
        return descriptor() != null;
    }

    /**
     * Hands ARGV (its first element a path) over; the JVM must print and do nothing more. An
     * exception means the launcher got no complete command line and waits for the JVM's exit.
     */
    public static void exec(List<String> argv) throws IOException {
        for (String arg : argv) {
            if (arg.isEmpty() || arg.indexOf('\0') >= 0) {
                throw new IOException("an argument is empty or holds a NUL byte"); // the message could not say it
            }
        }
        send(argv);
        handedOver = true;
    }

    /**
     * Tells the launcher the command's exit CODE, unless a command line was handed over: the
     * launcher exits with it at once, and this JVM must only halt. Output must be flushed first.
     */
    public static void exit(int code) {
        if (handedOver || !available()) {
            return;
        }
        try {
            send(List.of("exit", Integer.toString(code)));
        } catch (IOException e) {
            // the launcher then waits for this JVM's exit status, which says the same
        }
    }

    /** Writes the message: each string NUL-terminated, then an empty one. */
    private static void send(List<String> strings) throws IOException {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        for (String s : strings) {
            message.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            message.write(0);
        }
        message.write(0);
        try (OutputStream out = Files.newOutputStream(Path.of("/proc/self/fd/" + descriptor()))) {
            message.writeTo(out);
        }
    }

    private static String descriptor() {
        String fd = System.getenv(ENV);
        return fd != null && fd.matches("[0-9]+") ? fd : null;
    }
}

package dev.skiff.runtime.container;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The launcher's offer to finish a command in the JVM's place (skiff-shim enter, which runs the
 * JVM as its child): a detached start hands it the supervisor's command line, which the launcher
 * then execs, and the JVM is done. The caller so waits for the container's start, not for a
 * JVM to start a helper, wait for it and wind down.
 */
final class Handoff {
    private static final String FD = "SKIFF_HANDOFF_FD";

    private Handoff() {}

    /**
     * Whether the launcher offered it. A command hands over at most its last step; once the
     * launcher has taken a command line, another write fails and the JVM does that step itself.
     */
    static boolean available() {
        return descriptor() != null;
    }

    /**
     * Hands ARGV (its first element a path) over; the JVM must print and do nothing more. An
     * exception means the launcher got no complete command line and waits for the JVM's exit.
     */
    static void to(List<String> argv) throws IOException {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        for (String arg : argv) {
            if (arg.isEmpty() || arg.indexOf('\0') >= 0) {
                throw new IOException("an argument is empty or holds a NUL byte"); // the message could not say it
            }
            message.writeBytes(arg.getBytes(StandardCharsets.UTF_8));
            message.write(0);
        }
        message.write(0);
        try (OutputStream out = Files.newOutputStream(Path.of("/proc/self/fd/" + descriptor()))) {
            message.writeTo(out);
        }
    }

    private static String descriptor() {
        String fd = System.getenv(FD);
        return fd != null && fd.matches("[0-9]+") ? fd : null;
    }
}

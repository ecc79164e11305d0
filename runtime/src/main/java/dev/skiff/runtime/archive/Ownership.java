package dev.skiff.runtime.archive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether this process may give files away (CAP_CHOWN). skiff's JVM runs as root in a user
 * namespace and can; a plain user (e.g. running the unit tests) cannot, and then layers keep
 * the user's own ids rather than failing.
 */
public final class Ownership {
    private static final int CAP_CHOWN = 0;
    private static volatile Boolean canChown;

    private Ownership() {}

    /** True when the effective capability set holds CAP_CHOWN; read once per process. */
    public static boolean canChown() {
        Boolean b = canChown;
        if (b == null) {
            b = readCapChown(Path.of("/proc/self/status"));
            canChown = b;
        }
        return b;
    }

    static boolean readCapChown(Path status) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("CapEff:")) {
                    long caps = Long.parseUnsignedLong(line.substring("CapEff:".length()).strip(), 16);
                    return (caps & (1L << CAP_CHOWN)) != 0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // no /proc: assume the common case of an unprivileged user
        }
        return false;
    }
}

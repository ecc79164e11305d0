package dev.skiff.shim;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the skiff-shim executable is: the launcher passes its libexec directory. */
public final class ShimBinary {
    private ShimBinary() {}

    /** The skiff-shim path, from -Dskiff.libexec (set by the launcher) or SKIFF_LIBEXEC. */
    public static Path path() {
        String dir = System.getProperty("skiff.libexec", System.getenv("SKIFF_LIBEXEC"));
        if (dir == null) {
            throw new IllegalStateException("skiff.libexec is not set: start skiff through its launcher");
        }
        Path p = Path.of(dir, "skiff-shim");
        if (!Files.isExecutable(p)) {
            throw new IllegalStateException(p + " is missing or not executable: rebuild skiff");
        }
        return p;
    }
}

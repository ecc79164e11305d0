package dev.skiff.runtime.sys;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Programs skiff runs (pasta, slirp4netns, systemd-run), found as a shell finds them. */
public final class Executables {
    private Executables() {}

    /** NAME in $PATH (or /usr/bin:/bin when it is unset), if it is there and executable. */
    public static Optional<Path> find(String name) {
        String path = System.getenv("PATH");
        for (String dir : (path == null || path.isEmpty() ? "/usr/bin:/bin" : path + ":/usr/bin:/bin").split(":")) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}

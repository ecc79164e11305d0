package dev.skiff.runtime.container;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the id mappings of the user namespace skiff runs in. */
final class IdMap {
    private IdMap() {}

    /** Whether GID exists in skiff's user namespace (always, when not in one). */
    static boolean gidMapped(long gid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/gid_map"))) {
                String[] f = line.trim().split("\\s+");
                if (f.length == 3) {
                    long inside = Long.parseLong(f[0]);
                    long count = Long.parseLong(f[2]);
                    if (gid >= inside && gid < inside + count) {
                        return true;
                    }
                }
            }
            return false;
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }
}

package dev.skiff.runtime.container;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The id mappings of a user namespace, as /proc/PID/uid_map and gid_map give them. */
public final class IdMap {
    /** COUNT ids from INSIDE in the namespace are OUTSIDE and on outside it. */
    public record Range(long inside, long outside, long count) {}

    private final List<Range> uids;
    private final List<Range> gids;

    private IdMap(List<Range> uids, List<Range> gids) {
        this.uids = uids;
        this.gids = gids;
    }

    /** The mappings of the process whose /proc directory is PROC_DIR. */
    static IdMap ofProcess(Path procDir) throws IOException {
        return new IdMap(ranges(procDir.resolve("uid_map")), ranges(procDir.resolve("gid_map")));
    }

    /** The mappings of skiff's own user namespace (the identity, when it is in none). */
    public static IdMap ofSelf() throws IOException {
        return ofProcess(Path.of("/proc/self"));
    }

    public List<Range> uidRanges() {
        return List.copyOf(uids);
    }

    public List<Range> gidRanges() {
        return List.copyOf(gids);
    }

    /** Whether GID exists in skiff's user namespace (always, when not in one). */
    static boolean gidMapped(long gid) {
        try {
            return ofProcess(Path.of("/proc/self")).gid(gid) >= 0;
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    /** The uid outside the namespace that UID inside maps to; -1 when none does. */
    long uid(long uid) {
        return outside(uids, uid);
    }

    /** The gid outside the namespace that GID inside maps to; -1 when none does. */
    long gid(long gid) {
        return outside(gids, gid);
    }

    private static long outside(List<Range> ranges, long id) {
        for (Range r : ranges) {
            if (id >= r.inside() && id < r.inside() + r.count()) {
                return r.outside() + (id - r.inside());
            }
        }
        return -1;
    }

    private static List<Range> ranges(Path file) throws IOException {
        List<Range> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 3) {
                out.add(new Range(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2])));
            }
        }
        return out;
    }
}

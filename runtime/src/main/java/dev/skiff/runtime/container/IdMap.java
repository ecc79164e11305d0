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

    /** A container's own mappings: UIDS and GIDS from its ids to skiff's. */
    public static IdMap of(List<Range> uids, List<Range> gids) {
        return new IdMap(List.copyOf(uids), List.copyOf(gids));
    }

    /** The mappings as recorded by {@link #records}. */
    static IdMap parse(List<String> records) {
        List<Range> uids = new ArrayList<>();
        List<Range> gids = new ArrayList<>();
        for (String r : records) {
            String[] f = r.split(" ");
            (f[0].equals("u") ? uids : gids).add(new Range(Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3])));
        }
        return new IdMap(uids, gids);
    }

    /** One "u|g INSIDE OUTSIDE COUNT" line per range. */
    List<String> records() {
        List<String> out = new ArrayList<>();
        uids.forEach(r -> out.add("u " + r.inside() + " " + r.outside() + " " + r.count()));
        gids.forEach(r -> out.add("g " + r.inside() + " " + r.outside() + " " + r.count()));
        return out;
    }

    /** How many ids the uid mappings hold. */
    long uidCount() {
        return uids.stream().mapToLong(Range::count).sum();
    }

    /** How many ids the gid mappings hold. */
    long gidCount() {
        return gids.stream().mapToLong(Range::count).sum();
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

    /**
     * The uid outside that UID inside maps to, or when none does, the lowest outside id no range
     * covers: a file given it shows as nobody inside.
     */
    long uidOrStray(long uid) {
        long out = uid(uid);
        return out >= 0 ? out : unmapped(uids);
    }

    /** The gid outside that GID inside maps to, or the lowest one no range covers. */
    long gidOrStray(long gid) {
        long out = gid(gid);
        return out >= 0 ? out : unmapped(gids);
    }

    private static long unmapped(List<Range> ranges) {
        long candidate = 0;
        boolean moved = true;
        while (moved) {
            moved = false;
            for (Range r : ranges) {
                if (candidate >= r.outside() && candidate < r.outside() + r.count()) {
                    candidate = r.outside() + r.count();
                    moved = true;
                }
            }
        }
        return candidate;
    }

    /** The uid inside the namespace that UID outside maps to; -1 when none does. */
    long insideUid(long uid) {
        return inside(uids, uid);
    }

    /** The gid inside the namespace that GID outside maps to; -1 when none does. */
    long insideGid(long gid) {
        return inside(gids, gid);
    }

    private static long inside(List<Range> ranges, long id) {
        for (Range r : ranges) {
            if (id >= r.outside() && id < r.outside() + r.count()) {
                return r.inside() + (id - r.outside());
            }
        }
        return -1;
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

package dev.skiff.runtime.container;

import dev.skiff.runtime.SkiffException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Whether a container gets a user namespace of its own, nested in skiff's, and how its ids map to
 * skiff's (whose 0 is the user and whose 1..N are the user's subordinate ids):
 * <ul>
 *   <li>`--userns=keep-id`: the user's own uid and gid inside equal theirs outside; the other ids
 *       of skiff's namespace fill the rest, so the image's files keep their owners.</li>
 *   <li>`--userns=auto[:size=N]`: a range of skiff's ids no other such container uses.</li>
 *   <li>`--uidmap CONTAINER:SKIFF:COUNT` and `--gidmap`: given ranges; with only one of them,
 *       the other is the same.</li>
 * </ul>
 * Without any, the container shares skiff's namespace.
 *
 * @param mode   `--userns`: empty or host (none of its own), keep-id, auto or auto:size=N
 * @param uidmap `--uidmap` values
 * @param gidmap `--gidmap` values
 */
public record UsernsOptions(String mode, List<String> uidmap, List<String> gidmap) {
    public static final UsernsOptions DEFAULT = new UsernsOptions("", List.of(), List.of());
    /** podman's least size for `--userns=auto`. */
    static final long AUTO_MIN_SIZE = 1024;

    /** Checks every value, so that a bad one fails before anything is created. */
    public UsernsOptions {
        mode = mode == null ? "" : mode;
        uidmap = List.copyOf(uidmap);
        gidmap = List.copyOf(gidmap);
        if (!mode.isEmpty() && !mode.equals("host") && !mode.equals("keep-id") && !mode.equals("auto")) {
            if (!mode.startsWith("auto:")) {
                throw new SkiffException("--userns `" + mode + "`: skiff takes host, keep-id, auto or auto:size=N");
            }
            autoSize(mode);
        }
        if ((!uidmap.isEmpty() || !gidmap.isEmpty()) && !mode.isEmpty() && !mode.equals("host")) {
            throw new SkiffException("--userns " + mode + " cannot be given with --uidmap or --gidmap: choose one");
        }
        uidmap.forEach(m -> range("--uidmap", m));
        gidmap.forEach(m -> range("--gidmap", m));
    }

    /** Whether the container gets a user namespace of its own. */
    public boolean ownNamespace() {
        return !(mode.isEmpty() || mode.equals("host")) || !uidmap.isEmpty() || !gidmap.isEmpty();
    }

    boolean keepId() {
        return mode.equals("keep-id");
    }

    boolean auto() {
        return mode.startsWith("auto");
    }

    /**
     * The container's maps within skiff's namespace SELF. With auto, TAKEN holds the maps of the
     * other containers with ranges of their own, and NEEDED the ids the image's files use (the
     * size is at least that, and podman's 1024, unless size= says otherwise).
     */
    IdMap resolve(IdMap self, List<IdMap> taken, long needed) {
        long uids = self.uidCount();
        long gids = self.gidCount();
        if (keepId()) {
            long uid = self.uid(0);
            long gid = self.gid(0);
            if (uid == 0) {
                throw new SkiffException("--userns=keep-id keeps a rootless user's ids; skiff runs as root here: "
                        + "use --user instead");
            }
            return IdMap.of(keepIdRanges(uid, uids), keepIdRanges(gid, gids));
        }
        if (auto()) {
            long explicit = mode.equals("auto") ? 0 : autoSize(mode);
            long size = explicit > 0 ? explicit : Math.max(AUTO_MIN_SIZE, needed);
            if (explicit > 0 && explicit < needed) {
                throw new SkiffException("--userns " + mode + ": the image's files use ids up to " + (needed - 1)
                        + "; give size=" + needed + " or more");
            }
            long base = freeBase(taken, size, Math.min(uids, gids));
            List<IdMap.Range> range = List.of(new IdMap.Range(0, base, size));
            return IdMap.of(range, range);
        }
        List<IdMap.Range> u = new ArrayList<>();
        List<IdMap.Range> g = new ArrayList<>();
        uidmap.forEach(m -> u.add(within("--uidmap", m, uids)));
        gidmap.forEach(m -> g.add(within("--gidmap", m, gids)));
        return IdMap.of(u.isEmpty() ? g : u, g.isEmpty() ? u : g);
    }

    /** UID inside is skiff's 0 (the user); below it come skiff's 1..UID, above it the same ids. */
    private static List<IdMap.Range> keepIdRanges(long id, long count) {
        if (id >= count) {
            throw new SkiffException("--userns=keep-id: id " + id + " is beyond the " + (count - 1)
                    + " subordinate ids of /etc/subuid and /etc/subgid; give the user at least " + (id + 1));
        }
        List<IdMap.Range> r = new ArrayList<>();
        r.add(new IdMap.Range(0, 1, id));
        r.add(new IdMap.Range(id, 0, 1));
        if (count > id + 1) {
            r.add(new IdMap.Range(id + 1, id + 1, count - id - 1));
        }
        return r;
    }

    /** The lowest start above skiff's 0 (the user) where SIZE ids are free of every TAKEN range. */
    private long freeBase(List<IdMap> taken, long size, long available) {
        List<IdMap.Range> used = new ArrayList<>();
        taken.forEach(m -> used.addAll(m.uidRanges()));
        used.sort(Comparator.comparingLong(IdMap.Range::outside));
        long base = 1;
        for (IdMap.Range r : used) {
            if (r.outside() >= base + size) {
                break;
            }
            base = Math.max(base, r.outside() + r.count());
        }
        if (base + size > available) {
            throw new SkiffException("--userns " + mode + ": no " + size + " free ids among the " + (available - 1)
                    + " subordinate ids (" + taken.size() + " containers hold ranges): remove some, or add ids in "
                    + "/etc/subuid and /etc/subgid");
        }
        return base;
    }

    private static long autoSize(String mode) {
        String opts = mode.substring("auto:".length());
        if (!opts.startsWith("size=")) {
            throw new SkiffException("--userns `" + mode + "`: the option skiff takes is size=N");
        }
        try {
            long size = Long.parseLong(opts.substring("size=".length()));
            if (size > 0) {
                return size;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new SkiffException("--userns `" + mode + "`: size= takes a number of ids above 0");
    }

    private static IdMap.Range range(String flag, String spec) {
        String[] f = spec.split(":");
        try {
            if (f.length == 3) {
                IdMap.Range r = new IdMap.Range(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]));
                if (r.inside() >= 0 && r.outside() >= 0 && r.count() > 0) {
                    return r;
                }
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new SkiffException(flag + " `" + spec + "`: give CONTAINER_ID:SKIFF_ID:COUNT, e.g. 0:1:65536 "
                + "(SKIFF_ID 0 is you, 1 and up your subordinate ids)");
    }

    private static IdMap.Range within(String flag, String spec, long count) {
        IdMap.Range r = range(flag, spec);
        if (r.outside() + r.count() > count) {
            throw new SkiffException(flag + " `" + spec + "`: skiff's user namespace has ids 0 to " + (count - 1)
                    + " (you, then the ids of /etc/subuid and /etc/subgid)");
        }
        return r;
    }
}

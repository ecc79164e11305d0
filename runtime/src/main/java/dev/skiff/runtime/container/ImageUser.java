package dev.skiff.runtime.container;

import dev.skiff.runtime.SkiffException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Resolves `--user name[:group]` against the image's own /etc/passwd and /etc/group, and ids back
 * to names (for `top`).
 */
public final class ImageUser {
    /** The numeric identity the container's process runs with. */
    public record Identity(long uid, long gid, List<Long> groups, String home) {}

    private final List<Path> layersTopFirst;

    public ImageUser(List<Path> layersTopFirst) {
        this.layersTopFirst = layersTopFirst;
    }

    /** Parses USER as podman does: `uid`, `name`, `uid:gid`, `name:group`; empty means root. */
    public Identity resolve(String spec) {
        String u = spec == null || spec.isEmpty() ? "0" : spec;
        String g = null;
        int colon = u.indexOf(':');
        if (colon >= 0) {
            g = u.substring(colon + 1);
            u = u.substring(0, colon);
        }
        List<String[]> passwd = table("etc/passwd");
        String[] entry = null;
        for (String[] f : passwd) {
            if (f.length >= 4 && (f[0].equals(u) || (isNumber(u) && f[2].equals(u)))) {
                entry = f;
                break;
            }
        }
        long uid;
        long gid;
        String home = "/";
        if (entry != null) {
            uid = parseId(entry[2], "uid of user `" + entry[0] + "` in /etc/passwd");
            gid = parseId(entry[3], "gid of user `" + entry[0] + "` in /etc/passwd");
            if (entry.length > 5 && !entry[5].isEmpty()) {
                home = entry[5];
            }
        } else if (isNumber(u)) {
            uid = parseId(u, "uid");
            gid = 0; // as docker and podman: a uid without a passwd entry gets group 0
        } else {
            throw new SkiffException("user `" + u + "`: no such user in the image's /etc/passwd");
        }
        List<String[]> groupTable = table("etc/group");
        if (g != null && !g.isEmpty()) {
            gid = isNumber(g) ? parseId(g, "gid") : groupId(groupTable, g);
        }
        List<Long> groups = new ArrayList<>();
        String userName = entry != null ? entry[0] : null;
        if (userName != null && (g == null || g.isEmpty())) {
            for (String[] f : groupTable) {
                if (f.length >= 4 && List.of(f[3].split(",")).contains(userName)) {
                    long id = parseId(f[2], "gid of group `" + f[0] + "` in /etc/group");
                    if (id != gid && !groups.contains(id)) {
                        groups.add(id);
                    }
                }
            }
        }
        return new Identity(uid, gid, groups, home);
    }

    /** The name /etc/passwd gives UID, or the number itself. */
    public String userName(long uid) {
        return nameOf(table("etc/passwd"), uid);
    }

    /** The name /etc/group gives GID, or the number itself. */
    public String groupName(long gid) {
        return nameOf(table("etc/group"), gid);
    }

    private static String nameOf(List<String[]> table, long id) {
        String wanted = Long.toString(id);
        for (String[] f : table) {
            if (f.length >= 3 && f[2].equals(wanted)) {
                return f[0];
            }
        }
        return wanted;
    }

    /** `--group-add`: a gid, or a group name from the image's /etc/group. */
    public long groupId(String group) {
        return isNumber(group) ? parseId(group, "gid") : groupId(table("etc/group"), group);
    }

    private long groupId(List<String[]> groupTable, String name) {
        for (String[] f : groupTable) {
            if (f.length >= 3 && f[0].equals(name)) {
                return parseId(f[2], "gid of group `" + name + "` in /etc/group");
            }
        }
        throw new SkiffException("group `" + name + "`: no such group in the image's /etc/group");
    }

    private List<String[]> table(String relative) {
        Optional<Path> file = find(relative);
        List<String[]> rows = new ArrayList<>();
        if (file.isEmpty()) {
            return rows;
        }
        try {
            if (Files.size(file.get()) > (4 << 20)) {
                throw new SkiffException("image's /" + relative + " is larger than 4 MiB");
            }
            for (String line : Files.readAllLines(file.get())) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    rows.add(line.split(":", -1));
                }
            }
        } catch (IOException e) {
            throw new SkiffException("read the image's /" + relative + ": " + e.getMessage(), e);
        }
        return rows;
    }

    /** Whether P, or a directory on its way down from LAYER, is a symlink. */
    private static boolean throughSymlink(Path layer, Path p) {
        for (Path q = p; q != null && q.startsWith(layer) && !q.equals(layer); q = q.getParent()) {
            if (Files.isSymbolicLink(q)) {
                return true;
            }
        }
        return false;
    }

    /** The topmost layer's regular file at RELATIVE, unless a whiteout or opaque dir hides it. */
    private Optional<Path> find(String relative) {
        for (Path layer : layersTopFirst) {
            Path p = layer.resolve(relative);
            if (throughSymlink(layer, p)) {
                return Optional.empty(); // never follow an image symlink (etc, or passwd itself) out of the layer
            }
            if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                return Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) ? Optional.of(p) : Optional.empty();
            }
            if (isOpaque(p.getParent())) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static boolean isOpaque(Path dir) {
        try {
            var view = Files.getFileAttributeView(dir, java.nio.file.attribute.UserDefinedFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS);
            return view != null && Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)
                    && view.list().contains("overlay.opaque");
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static boolean isNumber(String s) {
        return !s.isEmpty() && s.chars().allMatch(Character::isDigit);
    }

    private static long parseId(String s, String what) {
        try {
            long v = Long.parseLong(s);
            if (v < 0 || v > 0xFFFFFFFEL) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new SkiffException(what + ": `" + s + "` is not a valid id");
        }
    }
}

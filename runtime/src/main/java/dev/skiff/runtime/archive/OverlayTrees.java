package dev.skiff.runtime.archive;

import dev.skiff.runtime.sys.SafeDir;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Directories in overlay form (whiteouts as 0/0 character devices, opaque directories marked
 * with {@code user.overlay.opaque}) read back: a container's upper directory as its changes
 * (`diff`) or as an OCI layer (`commit`), and a stack of layers as one file system (`export`).
 * Trees are read through directory descriptors ({@link SafeDir}), never following a symlink,
 * so a running container cannot lead the reading outside them.
 */
public final class OverlayTrees {
    private static final String WHITEOUT = ".wh.";
    private static final String OPAQUE = ".wh..wh..opq";

    /** One change of `diff`: A (added), C (changed) or D (deleted), and the absolute path. */
    public record Change(char kind, String path) {}

    private OverlayTrees() {}

    /**
     * The changes UPPER makes to the layers below it (LOWER, top first), sorted by path. Paths in
     * PLACEHOLDERS that UPPER adds empty (mount points the runtime made) are left out, and so is a
     * directory that was only copied up: changed neither in mode nor in owner, with nothing below
     * it to report.
     */
    public static List<Change> changes(Path upper, List<Path> lowerTopFirst, Set<String> placeholders)
            throws IOException {
        List<Change> out = new ArrayList<>();
        List<SafeDir> lowers = openAll(lowerTopFirst);
        try (SafeDir root = SafeDir.open(upper)) {
            changes(root, "", lowers, placeholders, out);
        } finally {
            lowers.forEach(SafeDir::close);
        }
        out.sort((a, b) -> a.path().compareTo(b.path()));
        return out;
    }

    /** Adds the changes under REL (DIR in the upper directory, LOWERS its copies below) to OUT; returns whether it added any. */
    private static boolean changes(SafeDir dir, String rel, List<SafeDir> lowers, Set<String> placeholders,
                                   List<Change> out) throws IOException {
        boolean any = false;
        for (String name : sorted(dir.list())) {
            String child = rel.isEmpty() ? name : rel + "/" + name;
            SafeDir.Stat st = dir.stat(name);
            if (st.isWhiteout()) {
                out.add(new Change('D', "/" + child));
                any = true;
                continue;
            }
            SafeDir.Stat below = visible(lowers, name);
            int at = out.size();
            if (st.isDirectory()) {
                boolean inside;
                try (SafeDir sub = dir.openDir(name)) {
                    // an opaque directory hides what is below it: everything in it is added
                    List<SafeDir> subLowers = below != null && below.isDirectory() && !isOpaque(sub)
                            ? dirsBelow(lowers, 0, name) : List.of();
                    try {
                        inside = changes(sub, child, subLowers, placeholders, out);
                    } finally {
                        subLowers.forEach(SafeDir::close);
                    }
                    if (below == null && !inside && placeholders.contains("/" + child) && sub.list().isEmpty()) {
                        continue;
                    }
                }
                if (below != null && below.isDirectory() && !inside && sameModeAndOwner(st, below)) {
                    continue; // copied up for what changed below it, which was left out
                }
            } else if (below == null && placeholders.contains("/" + child) && st.isFile() && st.size() == 0) {
                continue;
            }
            out.add(at, new Change(below != null ? 'C' : 'A', "/" + child));
            any = true;
        }
        return any;
    }

    private static boolean sameModeAndOwner(SafeDir.Stat a, SafeDir.Stat b) {
        return a.mode() == b.mode() && a.uid() == b.uid() && a.gid() == b.gid();
    }

    /** What REL is in the stack LOWER (top first), or null when absent or hidden by a whiteout or an opaque directory. */
    public static SafeDir.Stat visibleBelow(String rel, List<Path> lowerTopFirst) throws IOException {
        String[] parts = rel.split("/");
        List<SafeDir> dirs = openAll(lowerTopFirst);
        try {
            for (int i = 0; i < parts.length - 1 && !dirs.isEmpty(); i++) {
                List<SafeDir> next = dirsBelow(dirs, 0, parts[i]);
                dirs.forEach(SafeDir::close);
                dirs = next;
            }
            return visible(dirs, parts[parts.length - 1]);
        } finally {
            dirs.forEach(SafeDir::close);
        }
    }

    /** What NAME is in the stack DIRS (top first): the topmost layer's entry; null when absent or whited out. */
    private static SafeDir.Stat visible(List<SafeDir> dirs, String name) {
        for (SafeDir d : dirs) {
            SafeDir.Stat s = statOrNull(d, name);
            if (s != null) {
                return s.isWhiteout() ? null : s;
            }
        }
        return null;
    }

    /**
     * The copies of the directory NAME in DIRS (top first) from index FROM down, opened: down to a
     * layer where NAME is no directory (a file or a whiteout hides everything lower) or to an
     * opaque one, which is the last. The caller closes them.
     */
    private static List<SafeDir> dirsBelow(List<SafeDir> dirs, int from, String name) throws IOException {
        List<SafeDir> out = new ArrayList<>();
        try {
            for (int i = from; i < dirs.size(); i++) {
                SafeDir.Stat s = statOrNull(dirs.get(i), name);
                if (s == null) {
                    continue;
                }
                if (!s.isDirectory()) {
                    break;
                }
                SafeDir d = dirs.get(i).openDir(name);
                out.add(d);
                if (isOpaque(d)) {
                    break;
                }
            }
            return out;
        } catch (IOException | RuntimeException e) {
            out.forEach(SafeDir::close);
            throw e;
        }
    }

    private static List<SafeDir> openAll(List<Path> dirs) throws IOException {
        List<SafeDir> out = new ArrayList<>();
        try {
            for (Path d : dirs) {
                out.add(SafeDir.open(d));
            }
            return out;
        } catch (IOException | RuntimeException e) {
            out.forEach(SafeDir::close);
            throw e;
        }
    }

    /** Writes UPPER as an OCI layer: whiteouts as {@code .wh.} files, opaque directories with {@code .wh..wh..opq}. */
    public static void layer(Path upper, List<Path> lowerTopFirst, Set<String> placeholders,
                             TarArchiveOutputStream out) throws IOException {
        try (SafeDir root = SafeDir.open(upper)) {
            write(root, "", out, new HashMap<>(), path -> placeholders.contains("/" + path)
                    && visibleBelow(path, lowerTopFirst) == null);
        }
    }

    /** A path that may be left out of a layer, for {@link #write}. */
    @FunctionalInterface
    private interface Skip {
        boolean test(String path) throws IOException;
    }

    /** Writes the file system LAYERS (top first, in overlay form) make together. */
    public static void merged(List<Path> layersTopFirst, TarArchiveOutputStream out) throws IOException {
        List<SafeDir> roots = openAll(layersTopFirst);
        try {
            merged(roots, "", out, new HashMap<>());
        } finally {
            roots.forEach(SafeDir::close);
        }
    }

    /** One directory of the merged view: DIRS are its layers' copies, top first, down to an opaque one. */
    private static void merged(List<SafeDir> dirs, String rel, TarArchiveOutputStream out, Map<String, String> links)
            throws IOException {
        Map<String, Integer> owner = new java.util.TreeMap<>(); // name -> index of the layer that shows it
        java.util.Set<String> hidden = new java.util.HashSet<>();
        for (int i = 0; i < dirs.size(); i++) {
            for (String name : dirs.get(i).list()) {
                if (owner.containsKey(name) || hidden.contains(name)) {
                    continue;
                }
                if (dirs.get(i).stat(name).isWhiteout()) {
                    hidden.add(name);
                } else {
                    owner.put(name, i);
                }
            }
        }
        for (Map.Entry<String, Integer> e : owner.entrySet()) {
            String name = e.getKey();
            SafeDir top = dirs.get(e.getValue());
            SafeDir.Stat st = top.stat(name);
            String child = rel.isEmpty() ? name : rel + "/" + name;
            writeEntry(top, name, child, st, out, links);
            if (st.isDirectory()) {
                List<SafeDir> below = dirsBelow(dirs, e.getValue(), name);
                try {
                    merged(below, child, out, links);
                } finally {
                    below.forEach(SafeDir::close);
                }
            }
        }
    }

    /** Writes DIR's entries as a layer; SKIP names added placeholders, left out when empty. */
    private static void write(SafeDir dir, String rel, TarArchiveOutputStream out, Map<String, String> links,
                              Skip skip) throws IOException {
        if (!rel.isEmpty() && isOpaque(dir)) {
            marker(rel + "/" + OPAQUE, out);
        }
        for (String name : sorted(dir.list())) {
            String child = rel.isEmpty() ? name : rel + "/" + name;
            SafeDir.Stat st = dir.stat(name);
            if (st.isWhiteout()) {
                marker((rel.isEmpty() ? "" : rel + "/") + WHITEOUT + name, out);
                continue;
            }
            if (skip.test(child) && (st.isFile() ? st.size() == 0 : st.isDirectory() && isEmpty(dir, name))) {
                continue;
            }
            writeEntry(dir, name, child, st, out, links);
            if (st.isDirectory()) {
                try (SafeDir sub = dir.openDir(name)) {
                    write(sub, child, out, links, skip);
                }
            }
        }
    }

    /** An empty entry that means something to the unpacking side (a whiteout, an opaque directory). */
    private static void marker(String name, TarArchiveOutputStream out) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setModTime(FileTime.from(Instant.EPOCH));
        out.putArchiveEntry(e);
        out.closeArchiveEntry();
    }

    /**
     * One entry: NAME in DIR (stat ST) written as REL; a regular file seen before under another name
     * (in LINKS) becomes a hard link to it; sockets and devices are left out.
     */
    public static void writeEntry(SafeDir dir, String name, String rel, SafeDir.Stat st, TarArchiveOutputStream out,
                                  Map<String, String> links) throws IOException {
        TarArchiveEntry e;
        String inode = st.devMajor() + ":" + st.devMinor() + ":" + st.ino();
        if (st.isDirectory()) {
            e = new TarArchiveEntry(rel + "/");
        } else if (st.isSymlink()) {
            e = new TarArchiveEntry(rel, TarConstants.LF_SYMLINK);
            e.setLinkName(dir.readLink(name));
        } else if (st.isFile() && st.nlink() > 1 && links.containsKey(inode)) {
            e = new TarArchiveEntry(rel, TarConstants.LF_LINK);
            e.setLinkName(links.get(inode));
        } else if (st.isFile()) {
            e = new TarArchiveEntry(rel);
            e.setSize(st.size());
            if (st.nlink() > 1) {
                links.put(inode, rel);
            }
        } else if (st.isFifo()) {
            e = new TarArchiveEntry(rel, TarConstants.LF_FIFO);
        } else {
            return; // sockets and devices belong to no image
        }
        e.setMode(st.mode());
        e.setUserId(st.uid());
        e.setGroupId(st.gid());
        e.setModTime(FileTime.from(Instant.ofEpochSecond(st.mtimeSeconds(), st.mtimeNanos())));
        out.putArchiveEntry(e);
        if (st.isFile() && !e.isLink()) {
            try (InputStream in = dir.openFile(name)) {
                long copied = copy(in, out, st.size());
                if (copied != st.size()) {
                    throw new IOException("`" + rel + "` changed size while it was read");
                }
            }
        }
        out.closeArchiveEntry();
    }

    private static long copy(InputStream in, TarArchiveOutputStream out, long size) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long done = 0;
        int n;
        while (done < size && (n = in.read(buf, 0, (int) Math.min(buf.length, size - done))) > 0) {
            out.write(buf, 0, n);
            done += n;
        }
        return done;
    }

    static List<String> sorted(List<String> names) {
        List<String> copy = new ArrayList<>(names);
        Collections.sort(copy);
        return copy;
    }

    private static boolean isEmpty(SafeDir parent, String name) throws IOException {
        try (SafeDir d = parent.openDir(name)) {
            return d.list().isEmpty();
        }
    }

    private static SafeDir.Stat statOrNull(SafeDir dir, String name) {
        try {
            return dir.stat(name);
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean isOpaque(SafeDir dir) throws IOException {
        return dir.hasXattr(LayerUnpacker.OPAQUE_XATTR, "y");
    }
}

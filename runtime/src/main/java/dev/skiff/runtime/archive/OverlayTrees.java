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
        try (SafeDir root = SafeDir.open(upper)) {
            changes(root, "", lowerTopFirst, placeholders, out);
        }
        out.sort((a, b) -> a.path().compareTo(b.path()));
        return out;
    }

    /** Adds the changes under REL to OUT; returns whether it added any. */
    private static boolean changes(SafeDir dir, String rel, List<Path> lower, Set<String> placeholders,
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
            SafeDir.Stat below = visibleBelow(child, lower);
            boolean inside = false;
            int at = out.size();
            if (st.isDirectory()) {
                try (SafeDir sub = dir.openDir(name)) {
                    inside = changes(sub, child, lower, placeholders, out);
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
    static SafeDir.Stat visibleBelow(String rel, List<Path> lowerTopFirst) {
        String[] parts = rel.split("/");
        for (Path layer : lowerTopFirst) {
            Path p = layer;
            boolean opaqueAbove = false;
            for (int i = 0; i < parts.length; i++) {
                p = p.resolve(parts[i]);
                SafeDir.Stat st = lstat(p);
                if (st == null) {
                    break; // not in this layer: look lower, unless an opaque directory above ends the search
                }
                if (st.isWhiteout()) {
                    return null;
                }
                if (i == parts.length - 1) {
                    return st;
                }
                if (!st.isDirectory()) {
                    return null;
                }
                if (isOpaque(p)) {
                    opaqueAbove = true;
                }
            }
            if (opaqueAbove) {
                return null;
            }
        }
        return null;
    }

    /** Writes UPPER as an OCI layer: whiteouts as {@code .wh.} files, opaque directories with {@code .wh..wh..opq}. */
    public static void layer(Path upper, List<Path> lowerTopFirst, Set<String> placeholders,
                             TarArchiveOutputStream out) throws IOException {
        try (SafeDir root = SafeDir.open(upper)) {
            write(root, "", out, new HashMap<>(), path -> placeholders.contains("/" + path)
                    && visibleBelow(path, lowerTopFirst) == null);
        }
    }

    /** Writes the file system LAYERS (top first, in overlay form) make together. */
    public static void merged(List<Path> layersTopFirst, TarArchiveOutputStream out) throws IOException {
        List<SafeDir> roots = new ArrayList<>();
        try {
            for (Path layer : layersTopFirst) {
                roots.add(SafeDir.open(layer));
            }
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
                List<SafeDir> below = new ArrayList<>();
                try {
                    for (int i = e.getValue(); i < dirs.size(); i++) {
                        SafeDir.Stat s = i == e.getValue() ? st : statOrNull(dirs.get(i), name);
                        if (s == null) {
                            continue;
                        }
                        if (!s.isDirectory()) {
                            break; // a file or whiteout here hides everything lower
                        }
                        SafeDir d = dirs.get(i).openDir(name);
                        below.add(d);
                        if (d.hasXattr(LayerUnpacker.OPAQUE_XATTR, "y")) {
                            break;
                        }
                    }
                    merged(below, child, out, links);
                } finally {
                    below.forEach(SafeDir::close);
                }
            }
        }
    }

    /** Writes DIR's entries as a layer; SKIP names added placeholders, left out when empty. */
    private static void write(SafeDir dir, String rel, TarArchiveOutputStream out, Map<String, String> links,
                              java.util.function.Predicate<String> skip) throws IOException {
        if (!rel.isEmpty() && dir.hasXattr(LayerUnpacker.OPAQUE_XATTR, "y")) {
            TarArchiveEntry opq = new TarArchiveEntry(rel + "/" + OPAQUE);
            opq.setModTime(FileTime.from(Instant.EPOCH));
            out.putArchiveEntry(opq);
            out.closeArchiveEntry();
        }
        for (String name : sorted(dir.list())) {
            String child = rel.isEmpty() ? name : rel + "/" + name;
            SafeDir.Stat st = dir.stat(name);
            if (st.isWhiteout()) {
                TarArchiveEntry wh = new TarArchiveEntry((rel.isEmpty() ? "" : rel + "/") + WHITEOUT + name);
                wh.setModTime(FileTime.from(Instant.EPOCH));
                out.putArchiveEntry(wh);
                out.closeArchiveEntry();
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

    /** One entry; a regular file seen before under another name becomes a hard link to it. */
    private static void writeEntry(SafeDir dir, String name, String rel, SafeDir.Stat st, TarArchiveOutputStream out,
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

    private static List<String> sorted(List<String> names) {
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

    private static SafeDir.Stat lstat(Path p) {
        try (SafeDir parent = SafeDir.open(p.getParent())) {
            return parent.stat(p.getFileName().toString());
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean isOpaque(Path dir) {
        try (SafeDir d = SafeDir.open(dir)) {
            return d.hasXattr(LayerUnpacker.OPAQUE_XATTR, "y");
        } catch (IOException e) {
            return false;
        }
    }
}

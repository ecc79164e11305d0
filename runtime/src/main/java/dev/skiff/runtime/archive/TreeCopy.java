package dev.skiff.runtime.archive;

import dev.skiff.runtime.sys.ErrnoException;
import dev.skiff.runtime.sys.SafeDir;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.function.LongUnaryOperator;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Trees copied as tar streams (`cp`): one read through directory descriptors into entries, and
 * entries written into a directory whose paths are resolved within a root, so that neither a
 * symlink in the tree nor one in the archive leads a write outside it.
 */
public final class TreeCopy {
    /**
     * Who owns what {@link #extract} writes: nobody in particular (CHOWN false), UID and GID, or
     * (when negative) the archive's owners; either moved through UID_MAP and GID_MAP.
     */
    public record Owners(boolean chown, long uid, long gid, LongUnaryOperator uidMap, LongUnaryOperator gidMap) {
        /** Left to whoever writes (on the host: the user). */
        public static final Owners NONE = new Owners(false, -1, -1, LongUnaryOperator.identity(), LongUnaryOperator.identity());
        /** The owners the archive names. */
        public static final Owners FROM_ARCHIVE =
                new Owners(true, -1, -1, LongUnaryOperator.identity(), LongUnaryOperator.identity());

        /** UID and GID for everything. */
        public static Owners of(long uid, long gid) {
            return new Owners(true, uid, gid, LongUnaryOperator.identity(), LongUnaryOperator.identity());
        }

        /** These owners, written as UIDS and GIDS give them (a container's ids as ids on disk). */
        public Owners through(LongUnaryOperator uids, LongUnaryOperator gids) {
            return new Owners(chown, uid, gid, uids, gids);
        }

        long uidOf(TarArchiveEntry e) {
            return uidMap.applyAsLong(uid >= 0 ? uid : e.getLongUserId());
        }

        long gidOf(TarArchiveEntry e) {
            return gidMap.applyAsLong(gid >= 0 ? gid : e.getLongGroupId());
        }
    }

    /** What {@link #extract} refuses: an entry that escapes, or one that would replace a directory by a file or the reverse. */
    public static final class CopyException extends IOException {
        CopyException(String message) {
            super(message);
        }
    }

    private record PendingDir(String path, int mode, long mtimeSeconds, int mtimeNanos) {}

    private TreeCopy() {}

    /**
     * Writes NAME in DIR as entries named AS, and when it is a directory everything below it;
     * an empty AS writes only what is inside the directory NAME.
     */
    public static void write(SafeDir dir, String name, String as, TarArchiveOutputStream out) throws IOException {
        write(dir, name, as, out, new HashMap<>());
    }

    private static void write(SafeDir dir, String name, String as, TarArchiveOutputStream out,
                              java.util.Map<String, String> links) throws IOException {
        SafeDir.Stat st = dir.stat(name);
        if (!as.isEmpty()) {
            OverlayTrees.writeEntry(dir, name, as, st, out, links);
        }
        if (st.isDirectory()) {
            try (SafeDir sub = name.isEmpty() ? dir.resolveDir("", SafeDir.Scope.BENEATH) : dir.openDir(name)) {
                for (String child : OverlayTrees.sorted(sub.list())) {
                    write(sub, child, EntryPaths.join(as, child), out, links);
                }
            }
        }
    }

    /**
     * Writes the entries of the tar stream IN into the directory DEST (a path within ROOT, resolved
     * under SCOPE, as is every entry's parent), owned as OWNERS says. An entry replaces what is
     * there, except that a directory and a non-directory replace each other only with OVERWRITE.
     */
    public static void extract(InputStream in, SafeDir root, String dest, SafeDir.Scope scope, Owners owners,
                               boolean overwrite) throws IOException {
        TarArchiveInputStream tar = new TarArchiveInputStream(in);
        List<PendingDir> dirs = new ArrayList<>();
        TarArchiveEntry e;
        while ((e = tar.getNextEntry()) != null) {
            String rel;
            try {
                rel = EntryPaths.normalize(e.getName());
            } catch (EntryPaths.EscapeException x) {
                throw new CopyException("archive entry `" + e.getName() + "` leads outside the destination");
            }
            if (rel.isEmpty()) {
                continue; // the destination itself keeps what it is
            }
            String path = EntryPaths.join(dest, rel);
            try (SafeDir parent = parentOf(root, dest, rel, scope, owners)) {
                String name = EntryPaths.baseName(path);
                SafeDir.Stat existing = parent.statOrNull(name);
                if (existing != null && existing.isDirectory() != e.isDirectory()) {
                    if (!overwrite) {
                        throw new CopyException(e.isDirectory()
                                ? "cannot overwrite non-directory `" + path + "` with a directory (use --overwrite)"
                                : "cannot overwrite directory `" + path + "` with a non-directory (use --overwrite)");
                    }
                    parent.removeTree(name);
                    existing = null;
                } else if (existing != null && !e.isDirectory()) {
                    parent.remove(name, false);
                }
                if (e.isDirectory()) {
                    if (existing == null) {
                        parent.mkdir(name, 0700);
                    }
                    chown(parent, name, e, owners);
                    java.time.Instant t = e.getLastModifiedTime().toInstant();
                    dirs.add(new PendingDir(path, e.getMode() & 07777, t.getEpochSecond(), t.getNano()));
                    continue;
                }
                if (!create(root, dest, scope, parent, name, e, tar)) {
                    continue;
                }
                chown(parent, name, e, owners);
                if (!e.isSymbolicLink() && !e.isLink()) {
                    parent.chmod(name, e.getMode() & 07777);
                }
                if (!e.isLink()) {
                    java.time.Instant t = e.getLastModifiedTime().toInstant();
                    parent.setTimes(name, t.getEpochSecond(), t.getNano());
                }
            }
        }
        // deepest first: a directory's mode may forbid writing in it, and writing moves its mtime
        for (PendingDir d : dirs.reversed()) {
            try (SafeDir dir = root.resolveDir(d.path(), scope)) {
                dir.chmod("", d.mode());
                dir.setTimes("", d.mtimeSeconds(), d.mtimeNanos());
            }
        }
    }

    /** Creates the non-directory entry E as NAME in PARENT; false for what is left out (devices). */
    private static boolean create(SafeDir root, String dest, SafeDir.Scope scope, SafeDir parent, String name,
                                  TarArchiveEntry e, InputStream data) throws IOException {
        if (e.isSymbolicLink()) {
            parent.symlink(name, e.getLinkName());
        } else if (e.isLink()) {
            String target;
            try {
                target = EntryPaths.join(dest, EntryPaths.normalize(e.getLinkName()));
            } catch (EntryPaths.EscapeException x) {
                throw new CopyException("hard link `" + e.getName() + "` leads outside the destination");
            }
            try (SafeDir from = root.resolveDir(EntryPaths.parent(target), scope)) {
                parent.link(name, from, EntryPaths.baseName(target));
            }
        } else if (e.isFIFO()) {
            parent.mkfifo(name, 0600);
        } else if (e.isFile()) {
            try (OutputStream out = parent.createFile(name, 0600)) {
                data.transferTo(out);
            }
        } else {
            return false; // devices cannot be made without privilege, and sockets are no files to copy
        }
        return true;
    }

    /**
     * The directory entry REL (below DEST) goes into; the directories on the way that the archive
     * did not list before it are made (0755, owned as a root-owned entry would be), as tar does.
     */
    private static SafeDir parentOf(SafeDir root, String dest, String rel, SafeDir.Scope scope, Owners owners)
            throws IOException {
        String parent = EntryPaths.join(dest, EntryPaths.parent(rel));
        try {
            return root.resolveDir(parent, scope);
        } catch (ErrnoException e) {
            if (e.errno() != ErrnoException.ENOENT) {
                throw e;
            }
        }
        String made = dest;
        for (String part : EntryPaths.parent(rel).split("/")) {
            try (SafeDir d = root.resolveDir(made, scope)) {
                if (d.statOrNull(part) == null) {
                    d.mkdir(part, 0755);
                    TarArchiveEntry implicit = new TarArchiveEntry(part + "/");
                    implicit.setIds(0, 0);
                    chown(d, part, implicit, owners);
                }
            }
            made = EntryPaths.join(made, part);
        }
        return root.resolveDir(parent, scope);
    }

    private static void chown(SafeDir parent, String name, TarArchiveEntry e, Owners owners) throws IOException {
        if (owners.chown()) {
            parent.chown(name, owners.uidOf(e), owners.gidOf(e));
        }
    }
}

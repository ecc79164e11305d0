package dev.skiff.runtime.archive;

import dev.skiff.runtime.sys.LibC;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/** Applies a tar entry's owner, mode, mtime and user xattrs to an unpacked file. */
final class FileMetadata {
    private final String what;
    private final boolean chown;
    private final long ownUid;
    private final long ownGid;

    FileMetadata(Path root, String what) throws IOException {
        this.what = what;
        this.chown = Ownership.canChown();
        // files we create are already ours: skip the chown when the entry says the same ids
        this.ownUid = ((Number) Files.getAttribute(root, "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue();
        this.ownGid = ((Number) Files.getAttribute(root, "unix:gid", LinkOption.NOFOLLOW_LINKS)).longValue();
    }

    void owner(Path p, TarArchiveEntry e, String rel) throws IOException {
        long uid = e.getLongUserId();
        long gid = e.getLongGroupId();
        if (!chown || (uid == ownUid && gid == ownGid)) {
            return;
        }
        if (uid < 0 || gid < 0 || uid > 0xFFFF_FFFEL || gid > 0xFFFF_FFFEL) {
            throw new InvalidArchiveException(what + ": entry `" + rel + "`: owner " + uid + ":" + gid + " is not a valid id");
        }
        try {
            if (uid != ownUid) {
                Files.setAttribute(p, "unix:uid", (int) uid, LinkOption.NOFOLLOW_LINKS);
            }
            if (gid != ownGid) {
                Files.setAttribute(p, "unix:gid", (int) gid, LinkOption.NOFOLLOW_LINKS);
            }
        } catch (IOException ex) {
            throw new InvalidArchiveException(what + ": entry `" + rel + "`: cannot give it owner " + uid + ":" + gid
                    + " (outside skiff's user namespace mapping?): " + ex.getMessage(), ex);
        }
    }

    /** chmod of a file, dir or FIFO this layer created (never a symlink). */
    void mode(Path p, int mode, String rel) throws IOException {
        try {
            LibC.chmod(p, mode);
        } catch (IOException ex) {
            throw new InvalidArchiveException(what + ": entry `" + rel + "`: chmod " + Integer.toOctalString(mode)
                    + ": " + ex.getMessage(), ex);
        }
    }

    void mtime(Path p, FileTime mtime, boolean symlink) throws IOException {
        try {
            java.time.Instant t = mtime.toInstant();
            LibC.lutimes(p, t.getEpochSecond(), t.getNano());
        } catch (IOException ex) {
            if (!symlink) {
                throw new InvalidArchiveException(what + ": entry `" + p.getFileName() + "`: set mtime: "
                        + ex.getMessage(), ex);
            }
            // some filesystems cannot time-stamp a symlink itself; its target is what matters
        }
    }

    void xattrs(Path p, Map<String, byte[]> xattrs, String rel) {
        for (Map.Entry<String, byte[]> x : xattrs.entrySet()) {
            // only user.* survives a text PAX header intact and is settable in a user namespace
            if (!x.getKey().startsWith("user.") || x.getKey().startsWith("user.overlay.")) {
                continue;
            }
            try {
                LibC.lsetxattr(p, x.getKey(), x.getValue());
            } catch (IOException ex) {
                // a filesystem without user xattrs loses them, as podman's does
            }
        }
    }
}

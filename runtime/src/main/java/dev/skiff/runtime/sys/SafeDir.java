package dev.skiff.runtime.sys;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An open directory, read and written through its descriptor: every name is looked up relative
 * to it and nothing is followed, so a tree that changes while it is walked (a running
 * container's upper directory) cannot lead the walk outside it by turning a directory into a
 * symlink. Longer paths are resolved with openat2, either as if this directory were the root
 * (a container's) or strictly beneath it.
 */
public final class SafeDir implements AutoCloseable {
    private static final int O_RDONLY = 0;
    private static final int O_NOFOLLOW = 0400000;
    private static final int O_DIRECTORY = 0200000;
    private static final int O_CLOEXEC = 02000000;
    private static final int DIR_FLAGS = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
    private static final int O_WRONLY = 1;
    private static final int O_CREAT = 0100;
    private static final int O_EXCL = 0200;
    private static final int O_PATH = 010000000;
    private static final long RESOLVE_NO_MAGICLINKS = 0x02;
    private static final long RESOLVE_BENEATH = 0x08;
    private static final long RESOLVE_IN_ROOT = 0x10;

    /** How {@link #resolveDir} treats symlinks and `..` on its way. */
    public enum Scope {
        /** As if this directory were "/": a container's root, seen from outside. */
        IN_ROOT(RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS),
        /** Never above this directory: a symlink or `..` that would leave it fails. */
        BENEATH(RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS);

        private final long resolve;

        Scope(long resolve) {
            this.resolve = resolve;
        }
    }

    /** What statx says of an entry. */
    public record Stat(int mode, long uid, long gid, long size, long mtimeSeconds, int mtimeNanos, long ino,
                       long nlink, int rdevMajor, int rdevMinor, int devMajor, int devMinor) {
        public static final int S_IFMT = 0170000;

        public boolean isDirectory() {
            return (mode & S_IFMT) == 0040000;
        }

        public boolean isFile() {
            return (mode & S_IFMT) == 0100000;
        }

        public boolean isSymlink() {
            return (mode & S_IFMT) == 0120000;
        }

        public boolean isFifo() {
            return (mode & S_IFMT) == 0010000;
        }

        public boolean isCharDevice() {
            return (mode & S_IFMT) == 0020000;
        }

        /** An overlay whiteout: a character device 0/0. */
        public boolean isWhiteout() {
            return isCharDevice() && rdevMajor == 0 && rdevMinor == 0;
        }

        /** The permission bits with setuid, setgid and sticky. */
        public int permissions() {
            return mode & 07777;
        }
    }

    private final int fd;
    private final String what;

    private SafeDir(int fd, String what) {
        this.fd = fd;
        this.what = what;
    }

    /** Opens DIR, which must be a directory and not a symlink. */
    public static SafeDir open(Path dir) throws IOException {
        return new SafeDir(LibC.openat(-100, dir.toString(), DIR_FLAGS), dir.toString());
    }

    /** Opens DIR following every symlink, its last component too (/proc/PID/root, a trusted host path). */
    public static SafeDir openThrough(Path dir) throws IOException {
        return new SafeDir(LibC.openat(-100, dir.toString(), O_RDONLY | O_DIRECTORY | O_CLOEXEC), dir.toString());
    }

    /** Opens the subdirectory NAME; fails when it is not a directory (a symlink included). */
    public SafeDir openDir(String name) throws IOException {
        return new SafeDir(LibC.openat(fd, name, DIR_FLAGS), what + "/" + name);
    }

    /**
     * The directory at PATH, resolved within this one under SCOPE (symlinks on the way are
     * followed, confined as SCOPE says); the empty path or "/" is this directory again.
     */
    public SafeDir resolveDir(String path, Scope scope) throws IOException {
        String rel = path.isEmpty() ? "." : path;
        return new SafeDir(LibC.openat2(fd, rel, O_RDONLY | O_DIRECTORY | O_CLOEXEC, scope.resolve),
                what + (rel.startsWith("/") ? "" : "/") + rel);
    }

    /**
     * Where PATH, resolved within this directory under SCOPE (every symlink followed, its last
     * component's too, confined as SCOPE says), is on the host: a path without symlinks, for
     * a bind mount that must not leave this tree.
     */
    public java.nio.file.Path realPath(String path, Scope scope) throws IOException {
        int found = LibC.openat2(fd, path.isEmpty() ? "." : path, O_PATH | O_CLOEXEC, scope.resolve);
        try {
            return java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/fd/" + found));
        } finally {
            LibC.close(found);
        }
    }

    /** Whether PATH is a directory, resolved within this one under SCOPE (symlinks on the way followed). */
    public boolean isDirectory(String path, Scope scope) throws IOException {
        try (SafeDir d = resolveDir(path, scope)) {
            return true;
        } catch (ErrnoException e) {
            if (e.errno() == ErrnoException.ENOENT || e.errno() == ErrnoException.ENOTDIR) {
                return false;
            }
            throw e;
        }
    }

    /** The entry NAME, or null when it does not exist. */
    public Stat statOrNull(String name) throws IOException {
        try {
            return stat(name);
        } catch (ErrnoException e) {
            if (e.errno() == ErrnoException.ENOENT) {
                return null;
            }
            throw e;
        }
    }

    /** Creates the directory NAME. */
    public void mkdir(String name, int mode) throws IOException {
        LibC.mkdirat(fd, name, mode);
    }

    /** Creates the symlink NAME pointing at TARGET. */
    public void symlink(String name, String target) throws IOException {
        LibC.symlinkat(target, fd, name);
    }

    /** Creates NAME as a hard link to FROMNAME in the directory FROM. */
    public void link(String name, SafeDir from, String fromName) throws IOException {
        LibC.linkat(from.fd, fromName, fd, name);
    }

    /** Creates the FIFO NAME. */
    public void mkfifo(String name, int mode) throws IOException {
        LibC.mknodat(fd, name, LibC.S_IFIFO | mode, 0);
    }

    /** Removes NAME: a file, symlink or other non-directory, or else (DIRECTORY) an empty directory. */
    public void remove(String name, boolean directory) throws IOException {
        LibC.unlinkat(fd, name, directory);
    }

    /** Removes NAME and, when it is a directory, everything in it, never following a symlink. */
    public void removeTree(String name) throws IOException {
        Stat st = stat(name);
        if (st.isDirectory()) {
            try (SafeDir sub = openDir(name)) {
                for (String child : sub.list()) {
                    sub.removeTree(child);
                }
            }
        }
        remove(name, st.isDirectory());
    }

    /** Sets the owner of NAME itself (a symlink, not its target); the empty name is this directory. */
    public void chown(String name, long uid, long gid) throws IOException {
        LibC.lchownat(fd, name, uid, gid);
    }

    /** Sets the permission bits of NAME, which is not a symlink; the empty name is this directory. */
    public void chmod(String name, int mode) throws IOException {
        int path = name.isEmpty() ? -1 : LibC.openat(fd, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
        try {
            // through the descriptor's /proc link: the inode just opened, whatever the name is now
            LibC.chmod(Path.of("/proc/self/fd/" + (path < 0 ? fd : path)), mode);
        } finally {
            if (path >= 0) {
                LibC.close(path);
            }
        }
    }

    /** Sets the access and modification times of NAME itself; the empty name is this directory. */
    public void setTimes(String name, long epochSecond, int nanos) throws IOException {
        LibC.lutimesat(fd, name, epochSecond, nanos);
    }

    /** Creates the regular file NAME, which must not exist, and returns a stream that writes it. */
    public OutputStream createFile(String name, int mode) throws IOException {
        int file = LibC.openat(fd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
        return new OutputStream() {
            private boolean closed;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                LibC.write(file, off == 0 ? b : java.util.Arrays.copyOfRange(b, off, off + len), len);
            }

            @Override
            public void close() {
                if (!closed) {
                    closed = true;
                    LibC.close(file);
                }
            }
        };
    }

    /** The names in this directory, without . and .., in the order the filesystem gives them. */
    public List<String> list() throws IOException {
        List<String> names = new ArrayList<>();
        int dup = LibC.openat(fd, ".", DIR_FLAGS); // getdents moves the offset: read through a fresh one
        try {
            byte[] buf = new byte[32 * 1024];
            int n;
            while ((n = LibC.getdents64(dup, buf)) > 0) {
                ByteBuffer b = ByteBuffer.wrap(buf, 0, n).order(ByteOrder.nativeOrder());
                int pos = 0;
                while (pos < n) {
                    int reclen = b.getShort(pos + 16) & 0xffff;
                    int start = pos + 19;
                    int end = start;
                    while (end < pos + reclen && buf[end] != 0) {
                        end++;
                    }
                    String name = new String(buf, start, end - start, StandardCharsets.UTF_8);
                    if (!name.equals(".") && !name.equals("..")) {
                        names.add(name);
                    }
                    pos += reclen;
                }
            }
        } finally {
            LibC.close(dup);
        }
        return names;
    }

    /** The entry NAME itself (a symlink, not its target); the empty name is this directory. */
    public Stat stat(String name) throws IOException {
        byte[] buf = new byte[256];
        LibC.statx(fd, name, buf);
        ByteBuffer b = ByteBuffer.wrap(buf).order(ByteOrder.nativeOrder());
        return new Stat(b.getShort(28) & 0xffff, b.getInt(20) & 0xffffffffL, b.getInt(24) & 0xffffffffL,
                b.getLong(40), b.getLong(112), b.getInt(120), b.getLong(32), b.getInt(16) & 0xffffffffL,
                b.getInt(128), b.getInt(132), b.getInt(136), b.getInt(140));
    }

    /** The target of the symlink NAME. */
    public String readLink(String name) throws IOException {
        byte[] buf = new byte[4096];
        int n = LibC.readlinkat(fd, name, buf);
        return new String(buf, 0, n, StandardCharsets.UTF_8);
    }

    /** Whether this directory carries the extended attribute NAME with value VALUE. */
    public boolean hasXattr(String name, String value) throws IOException {
        byte[] buf = new byte[64];
        int n = LibC.fgetxattr(fd, name, buf);
        return n >= 0 && new String(buf, 0, n, StandardCharsets.UTF_8).equals(value);
    }

    /** Reads the regular file NAME; fails when it is a symlink. */
    public InputStream openFile(String name) throws IOException {
        int file = LibC.openat(fd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
        return new InputStream() {
            private boolean closed;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                byte[] buf = off == 0 ? b : new byte[len];
                int n = LibC.read(file, buf, len);
                if (n <= 0) {
                    return -1;
                }
                if (buf != b) {
                    System.arraycopy(buf, 0, b, off, n);
                }
                return n;
            }

            @Override
            public void close() {
                if (!closed) {
                    closed = true;
                    LibC.close(file);
                }
            }
        };
    }

    @Override
    public void close() {
        LibC.close(fd);
    }

    @Override
    public String toString() {
        return what;
    }
}

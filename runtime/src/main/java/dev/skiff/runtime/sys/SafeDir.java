package dev.skiff.runtime.sys;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An open directory, read through its descriptor: every name is looked up relative to it and
 * nothing is followed, so a tree that changes while it is walked (a running container's upper
 * directory) cannot lead the walk outside it by turning a directory into a symlink.
 */
public final class SafeDir implements AutoCloseable {
    private static final int O_RDONLY = 0;
    private static final int O_NOFOLLOW = 0400000;
    private static final int O_DIRECTORY = 0200000;
    private static final int O_CLOEXEC = 02000000;
    private static final int DIR_FLAGS = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;

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

    /** Opens the subdirectory NAME; fails when it is not a directory (a symlink included). */
    public SafeDir openDir(String name) throws IOException {
        return new SafeDir(LibC.openat(fd, name, DIR_FLAGS), what + "/" + name);
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

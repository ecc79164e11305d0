package dev.skiff.runtime.sys;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The few libc calls the JDK lacks or makes costly (mknod, lsetxattr, chmod and utimensat
 * without opening the file, kill with any signal, and the descriptor-relative calls that
 * {@link SafeDir} walks trees with); the only class in runtime that touches JNA.
 */
public final class LibC {
    public static final int S_IFCHR = 0020000;
    public static final int S_IFIFO = 0010000;
    private static final int AT_FDCWD = -100;
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;
    private static final int AT_EMPTY_PATH = 0x1000;
    private static final int STATX_BASIC_STATS = 0x7ff;
    private static final int ENODATA = 61;
    private static final int TERMIOS_SIZE = 64; // glibc's struct termios is 60 bytes
    private static final int TCSANOW = 0;
    private static final int OPOST = 1;
    private static final long TIOCGWINSZ = 0x5413;
    private static final int ENOTSUP = 95;
    private static final int AT_REMOVEDIR = 0x200;
    private static final int MNT_DETACH = 2;
    private static final long SYS_OPENAT2 = 437;

    private interface C extends Library {
        int mknod(String path, int mode, long dev) throws LastErrorException;

        int lsetxattr(String path, String name, byte[] value, long size, int flags) throws LastErrorException;

        int chmod(String path, int mode) throws LastErrorException;

        int utimensat(int dirfd, String path, long[] times, int flags) throws LastErrorException;

        int kill(int pid, int sig) throws LastErrorException;

        String strerror(int errnum);

        int openat(int dirfd, String path, int flags, int mode) throws LastErrorException;

        int close(int fd) throws LastErrorException;

        int statx(int dirfd, String path, int flags, int mask, byte[] buf) throws LastErrorException;

        long read(int fd, byte[] buf, long count) throws LastErrorException;

        long readlinkat(int dirfd, String path, byte[] buf, long size) throws LastErrorException;

        long getdents64(int fd, byte[] buf, long count) throws LastErrorException;

        long fgetxattr(int fd, String name, byte[] value, long size) throws LastErrorException;

        int isatty(int fd);

        int tcgetattr(int fd, byte[] termios) throws LastErrorException;

        int tcsetattr(int fd, int actions, byte[] termios) throws LastErrorException;

        void cfmakeraw(byte[] termios);

        int ioctl(int fd, long request, byte[] arg) throws LastErrorException;

        long syscall(long number, int dirfd, String path, byte[] how, long size) throws LastErrorException;

        int mkdirat(int dirfd, String path, int mode) throws LastErrorException;

        int symlinkat(String target, int dirfd, String path) throws LastErrorException;

        int linkat(int olddirfd, String oldpath, int newdirfd, String newpath, int flags) throws LastErrorException;

        int mknodat(int dirfd, String path, int mode, long dev) throws LastErrorException;

        int fchownat(int dirfd, String path, int uid, int gid, int flags) throws LastErrorException;

        int fchmod(int fd, int mode) throws LastErrorException;

        int unlinkat(int dirfd, String path, int flags) throws LastErrorException;

        long write(int fd, byte[] buf, long count) throws LastErrorException;

        int umount2(String target, int flags) throws LastErrorException;
    }

    private static final class Holder {
        static final C C = Native.load("c", C.class);
    }

    private LibC() {}

    /** mknod(2): creates a device node or FIFO at {@code path}. */
    public static void mknod(Path path, int mode, long dev) throws IOException {
        try {
            Holder.C.mknod(path.toString(), mode, dev);
        } catch (LastErrorException e) {
            throw new IOException("mknod `" + path + "`: " + strerror(e.getErrorCode()), e);
        }
    }

    /** lsetxattr(2): sets an extended attribute on {@code path} itself, not a symlink's target. */
    public static void lsetxattr(Path path, String name, byte[] value) throws IOException {
        try {
            Holder.C.lsetxattr(path.toString(), name, value, value.length, 0);
        } catch (LastErrorException e) {
            throw new IOException("lsetxattr `" + path + "` " + name + ": " + strerror(e.getErrorCode()), e);
        }
    }

    /** chmod(2) of a path that is known not to be a symlink; unlike the JDK's, it never opens the file. */
    public static void chmod(Path path, int mode) throws IOException {
        try {
            Holder.C.chmod(path.toString(), mode);
        } catch (LastErrorException e) {
            throw new IOException("chmod `" + path + "` " + Integer.toOctalString(mode) + ": " + strerror(e.getErrorCode()), e);
        }
    }

    /** Sets atime and mtime of {@code path} itself (not a symlink's target) without opening it. */
    public static void lutimes(Path path, long epochSecond, int nanos) throws IOException {
        lutimesat(AT_FDCWD, path.toString(), epochSecond, nanos);
    }

    /** kill(2); false when the process no longer exists. */
    public static boolean kill(long pid, int signal) throws IOException {
        try {
            Holder.C.kill((int) pid, signal);
            return true;
        } catch (LastErrorException e) {
            if (e.getErrorCode() == 3) { // ESRCH
                return false;
            }
            throw new IOException("kill " + pid + " with signal " + signal + ": " + strerror(e.getErrorCode()), e);
        }
    }

    /** openat(2); returns the new descriptor. */
    static int openat(int dirfd, String name, int flags) throws IOException {
        return openat(dirfd, name, flags, 0);
    }

    /** openat(2) with MODE for a file it creates. */
    static int openat(int dirfd, String name, int flags, int mode) throws IOException {
        try {
            return Holder.C.openat(dirfd, name, flags, mode);
        } catch (LastErrorException e) {
            throw errno("open `" + name + "`", e);
        }
    }

    /** openat2(2): opens PATH under DIRFD with RESOLVE flags (beneath it, or as if it were the root). */
    static int openat2(int dirfd, String path, long flags, long resolve) throws IOException {
        java.nio.ByteBuffer how = java.nio.ByteBuffer.allocate(24).order(java.nio.ByteOrder.nativeOrder());
        how.putLong(0, flags).putLong(8, 0).putLong(16, resolve);
        try {
            return (int) Holder.C.syscall(SYS_OPENAT2, dirfd, path, how.array(), 24);
        } catch (LastErrorException e) {
            throw errno("open `" + path + "`", e);
        }
    }

    static void mkdirat(int dirfd, String name, int mode) throws IOException {
        try {
            Holder.C.mkdirat(dirfd, name, mode);
        } catch (LastErrorException e) {
            throw errno("mkdir `" + name + "`", e);
        }
    }

    static void symlinkat(String target, int dirfd, String name) throws IOException {
        try {
            Holder.C.symlinkat(target, dirfd, name);
        } catch (LastErrorException e) {
            throw errno("symlink `" + name + "`", e);
        }
    }

    /** linkat(2) without following a symlink OLDNAME. */
    static void linkat(int olddirfd, String oldname, int newdirfd, String newname) throws IOException {
        try {
            Holder.C.linkat(olddirfd, oldname, newdirfd, newname, 0);
        } catch (LastErrorException e) {
            throw errno("link `" + newname + "` to `" + oldname + "`", e);
        }
    }

    static void mknodat(int dirfd, String name, int mode, long dev) throws IOException {
        try {
            Holder.C.mknodat(dirfd, name, mode, dev);
        } catch (LastErrorException e) {
            throw errno("mknod `" + name + "`", e);
        }
    }

    /** fchownat(2) of NAME itself (a symlink, not its target); the empty name is DIRFD. */
    static void lchownat(int dirfd, String name, long uid, long gid) throws IOException {
        try {
            Holder.C.fchownat(dirfd, name, (int) uid, (int) gid, AT_SYMLINK_NOFOLLOW | emptyPathFlag(name));
        } catch (LastErrorException e) {
            throw errno("chown `" + name + "`", e);
        }
    }

    static void fchmod(int fd, int mode) throws IOException {
        try {
            Holder.C.fchmod(fd, mode);
        } catch (LastErrorException e) {
            throw errno("chmod", e);
        }
    }

    /** Sets atime and mtime of NAME under DIRFD itself (not a symlink's target); the empty name is DIRFD. */
    static void lutimesat(int dirfd, String name, long epochSecond, int nanos) throws IOException {
        long[] times = {epochSecond, nanos, epochSecond, nanos};
        try {
            Holder.C.utimensat(dirfd, name, times, AT_SYMLINK_NOFOLLOW | emptyPathFlag(name));
        } catch (LastErrorException e) {
            throw errno("utimensat `" + name + "`", e);
        }
    }

    /** unlinkat(2); DIRECTORY removes an empty directory. */
    static void unlinkat(int dirfd, String name, boolean directory) throws IOException {
        try {
            Holder.C.unlinkat(dirfd, name, directory ? AT_REMOVEDIR : 0);
        } catch (LastErrorException e) {
            throw errno("remove `" + name + "`", e);
        }
    }

    static void write(int fd, byte[] buf, int len) throws IOException {
        int done = 0;
        byte[] rest = buf;
        while (done < len) {
            try {
                int n = (int) Holder.C.write(fd, rest, len - done);
                done += n;
                if (done < len) {
                    rest = java.util.Arrays.copyOfRange(buf, done, len);
                }
            } catch (LastErrorException e) {
                throw errno("write", e);
            }
        }
    }

    /** umount2(2) with MNT_DETACH: the mount goes now, and for good once nothing uses it. */
    public static void detach(Path target) throws IOException {
        try {
            Holder.C.umount2(target.toString(), MNT_DETACH);
        } catch (LastErrorException e) {
            throw errno("unmount `" + target + "`", e);
        }
    }

    /** close(2) of a descriptor opened here, e.g. by {@link #openPath}; errors are of no use then. */
    public static void close(int fd) {
        try {
            Holder.C.close(fd);
        } catch (LastErrorException e) {
            // nothing is lost: the descriptor was only read
        }
    }

    /** statx(2) of NAME under DIRFD, not following a symlink; fills BUF (256 bytes). */
    static void statx(int dirfd, String name, byte[] buf) throws IOException {
        try {
            Holder.C.statx(dirfd, name, AT_SYMLINK_NOFOLLOW | emptyPathFlag(name), STATX_BASIC_STATS, buf);
        } catch (LastErrorException e) {
            throw errno("stat `" + name + "`", e);
        }
    }

    static int read(int fd, byte[] buf, int len) throws IOException {
        try {
            return (int) Holder.C.read(fd, buf, len);
        } catch (LastErrorException e) {
            throw errno("read", e);
        }
    }

    static int readlinkat(int dirfd, String name, byte[] buf) throws IOException {
        try {
            return (int) Holder.C.readlinkat(dirfd, name, buf, buf.length);
        } catch (LastErrorException e) {
            throw errno("readlink `" + name + "`", e);
        }
    }

    static int getdents64(int fd, byte[] buf) throws IOException {
        try {
            return (int) Holder.C.getdents64(fd, buf, buf.length);
        } catch (LastErrorException e) {
            throw errno("read directory", e);
        }
    }

    /** fgetxattr(2) into BUF; -1 when the attribute is absent or the filesystem has none. */
    static int fgetxattr(int fd, String name, byte[] buf) throws IOException {
        try {
            return (int) Holder.C.fgetxattr(fd, name, buf, buf.length);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == ENODATA || e.getErrorCode() == ENOTSUP) {
                return -1;
            }
            throw errno("getxattr " + name, e);
        }
    }

    private static int emptyPathFlag(String name) {
        return name.isEmpty() ? AT_EMPTY_PATH : 0;
    }

    /** isatty(3). */
    public static boolean isatty(int fd) {
        return Holder.C.isatty(fd) == 1;
    }

    /**
     * Puts the terminal on FD in raw mode (cfmakeraw) and returns its settings before, for
     * {@link #restoreTerminal}.
     */
    public static byte[] makeRaw(int fd) throws IOException {
        byte[] before = new byte[TERMIOS_SIZE];
        try {
            Holder.C.tcgetattr(fd, before);
            byte[] raw = before.clone();
            Holder.C.cfmakeraw(raw);
            Holder.C.tcsetattr(fd, TCSANOW, raw);
            return before;
        } catch (LastErrorException e) {
            throw errno("set the terminal to raw mode", e);
        }
    }

    /**
     * Stops the terminal on FD from processing output (OPOST: no newline translation, which the
     * container's own terminal already did) and returns its settings before, for {@link #restoreTerminal}.
     */
    public static byte[] makeOutputRaw(int fd) throws IOException {
        byte[] before = new byte[TERMIOS_SIZE];
        try {
            Holder.C.tcgetattr(fd, before);
            byte[] raw = before.clone();
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(raw).order(java.nio.ByteOrder.nativeOrder());
            b.putInt(4, b.getInt(4) & ~OPOST); // c_oflag follows c_iflag
            Holder.C.tcsetattr(fd, TCSANOW, raw);
            return before;
        } catch (LastErrorException e) {
            throw errno("set the terminal's output mode", e);
        }
    }

    /** Puts back settings {@link #makeRaw} returned. */
    public static void restoreTerminal(int fd, byte[] settings) {
        try {
            Holder.C.tcsetattr(fd, TCSANOW, settings);
        } catch (LastErrorException e) {
            // the terminal went away
        }
    }

    /** The window size of the terminal on FD as {rows, columns}; null when it is no terminal. */
    public static int[] windowSize(int fd) {
        byte[] ws = new byte[8];
        try {
            Holder.C.ioctl(fd, TIOCGWINSZ, ws);
        } catch (LastErrorException e) {
            return null;
        }
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(ws).order(java.nio.ByteOrder.nativeOrder());
        return new int[] {b.getShort(0) & 0xffff, b.getShort(2) & 0xffff};
    }

    /** A directory opened O_PATH, for paths through /proc/self/fd/N (sockets with long paths); close it after. */
    public static int openPath(java.nio.file.Path dir) throws IOException {
        return openat(-100, dir.toString(), 010000000 | 0200000 | 02000000); // O_PATH | O_DIRECTORY | O_CLOEXEC
    }


    private static ErrnoException errno(String what, LastErrorException e) {
        return new ErrnoException(what + ": " + strerror(e.getErrorCode()), e.getErrorCode(), e);
    }

    private static String strerror(int errno) {
        String s = Holder.C.strerror(errno);
        return s == null ? "errno " + errno : s;
    }
}

package dev.skiff.runtime.sys;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.file.Path;

/** The few libc calls the JDK lacks (mknod, lsetxattr); the only class in runtime that touches JNA. */
public final class LibC {
    public static final int S_IFCHR = 0020000;
    public static final int S_IFIFO = 0010000;

    private interface C extends Library {
        int mknod(String path, int mode, long dev) throws LastErrorException;

        int lsetxattr(String path, String name, byte[] value, long size, int flags) throws LastErrorException;

        String strerror(int errnum);
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

    private static String strerror(int errno) {
        String s = Holder.C.strerror(errno);
        return s == null ? "errno " + errno : s;
    }
}

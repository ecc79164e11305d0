package dev.skiff.runtime.sys;

import java.io.IOException;

/** A failed system call, with its errno for callers that act on the cause. */
public final class ErrnoException extends IOException {
    public static final int ENOENT = 2;
    public static final int EEXIST = 17;
    public static final int ENOTDIR = 20;
    public static final int EISDIR = 21;
    public static final int ELOOP = 40;
    public static final int EXDEV = 18;

    private final int errno;

    ErrnoException(String message, int errno, Throwable cause) {
        super(message, cause);
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }
}

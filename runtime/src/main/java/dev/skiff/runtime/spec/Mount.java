package dev.skiff.runtime.spec;

/** One mount of the container: destination is inside the rootfs; flags are MS_* bits. */
public record Mount(String source, String destination, String type, long flags, String data) {
    public static final long MS_RDONLY = 1;
    public static final long MS_NOSUID = 2;
    public static final long MS_NODEV = 4;
    public static final long MS_NOEXEC = 8;
    public static final long MS_BIND = 4096;
    public static final long MS_REC = 16384;
    public static final long MS_STRICTATIME = 1L << 24;

    public static Mount bind(String source, String destination, long extraFlags) {
        return new Mount(source, destination, "bind", MS_BIND | MS_REC | extraFlags, "");
    }
}

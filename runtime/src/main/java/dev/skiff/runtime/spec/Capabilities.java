package dev.skiff.runtime.spec;

import java.util.List;
import java.util.Locale;

/** Linux capabilities by name and the default set a container gets (the same as Podman's). */
public final class Capabilities {
    private static final List<String> NAMES = List.of(
            "CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER", "FSETID", "KILL", "SETGID", "SETUID",
            "SETPCAP", "LINUX_IMMUTABLE", "NET_BIND_SERVICE", "NET_BROADCAST", "NET_ADMIN", "NET_RAW",
            "IPC_LOCK", "IPC_OWNER", "SYS_MODULE", "SYS_RAWIO", "SYS_CHROOT", "SYS_PTRACE", "SYS_PACCT",
            "SYS_ADMIN", "SYS_BOOT", "SYS_NICE", "SYS_RESOURCE", "SYS_TIME", "SYS_TTY_CONFIG", "MKNOD",
            "LEASE", "AUDIT_WRITE", "AUDIT_CONTROL", "SETFCAP", "MAC_OVERRIDE", "MAC_ADMIN", "SYSLOG",
            "WAKE_ALARM", "BLOCK_SUSPEND", "AUDIT_READ", "PERFMON", "BPF", "CHECKPOINT_RESTORE");

    /** CHOWN DAC_OVERRIDE FOWNER FSETID KILL NET_BIND_SERVICE SETFCAP SETGID SETPCAP SETUID SYS_CHROOT. */
    public static final long DEFAULT = mask("CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL",
            "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT");

    private Capabilities() {}

    /** The bit of a capability given as `NET_ADMIN` or `CAP_NET_ADMIN`, any case. */
    /** Every capability this kernel knows (0 to /proc/sys/kernel/cap_last_cap). */
    public static long all() {
        int last = 40;
        try {
            // by lines: Files.readString gets only the first byte of this sysctl file
            last = Integer.parseInt(java.nio.file.Files.readAllLines(java.nio.file.Path.of(
                    "/proc/sys/kernel/cap_last_cap")).getFirst().strip());
        } catch (java.io.IOException | RuntimeException e) {
            // CAP_CHECKPOINT_RESTORE (40) is the last of the kernels skiff runs on
        }
        return last >= 63 ? -1L : (1L << (last + 1)) - 1;
    }

    public static int bit(String name) {
        String n = name.toUpperCase(Locale.ROOT);
        if (n.startsWith("CAP_")) {
            n = n.substring(4);
        }
        int i = NAMES.indexOf(n);
        if (i < 0) {
            throw new IllegalArgumentException("unknown capability `" + name + "`");
        }
        return i;
    }

    public static long mask(String... names) {
        long m = 0;
        for (String n : names) {
            m |= 1L << bit(n);
        }
        return m;
    }
}

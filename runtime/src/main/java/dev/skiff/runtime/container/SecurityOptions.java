package dev.skiff.runtime.container;

import dev.skiff.runtime.SkiffException;
import dev.skiff.runtime.spec.Capabilities;
import dev.skiff.runtime.spec.Mount;
import dev.skiff.runtime.spec.Plan;
import dev.skiff.runtime.seccomp.Seccomp;
import java.nio.file.Path;
import java.util.Optional;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a container may do beyond podman's defaults, or may not: capabilities added and dropped,
 * `--privileged`, `--security-opt`, a read-only root, extra groups and resource limits.
 *
 * @param capAdd        `--cap-add` names (`NET_ADMIN`, `CAP_NET_ADMIN`, `ALL`)
 * @param capDrop       `--cap-drop` names
 * @param securityOpts  `--security-opt` values (`no-new-privileges`, `seccomp=unconfined`, ...)
 * @param readOnly      `--read-only`: the root file system cannot be written
 * @param readOnlyTmpfs `--read-only-tmpfs`: with a read-only root, writable tmpfs on /tmp, /var/tmp and /run
 * @param groupAdd      `--group-add` gids or group names of the image
 * @param ulimits       `--ulimit NAME=SOFT[:HARD]` values
 * @param sysctls       `--sysctl NAME=VALUE` values, namespaced sysctls only
 */
public record SecurityOptions(List<String> capAdd, List<String> capDrop, boolean privileged,
                              List<String> securityOpts, boolean readOnly, boolean readOnlyTmpfs,
                              List<String> groupAdd, List<String> ulimits, List<String> sysctls) {
    public static final SecurityOptions DEFAULT =
            new SecurityOptions(List.of(), List.of(), false, List.of(), false, true, List.of(), List.of(), List.of());

    /**
     * The sysctls a container may set, because they belong to its own IPC, network or UTS
     * namespace (podman's list): these names, and every name under {@link #SYSCTL_PREFIXES}.
     */
    private static final List<String> SYSCTL_NAMES = List.of("kernel.msgmax", "kernel.msgmnb", "kernel.msgmni",
            "kernel.sem", "kernel.shmall", "kernel.shmmax", "kernel.shmmni", "kernel.shm_rmid_forced",
            "kernel.domainname");
    private static final List<String> SYSCTL_PREFIXES = List.of("net.", "fs.mqueue.");

    /** RLIMIT_* numbers by the names podman's --ulimit takes. */
    private static final Map<String, Integer> RLIMITS = Map.ofEntries(
            Map.entry("cpu", 0), Map.entry("fsize", 1), Map.entry("data", 2), Map.entry("stack", 3),
            Map.entry("core", 4), Map.entry("rss", 5), Map.entry("nproc", 6), Map.entry("nofile", 7),
            Map.entry("memlock", 8), Map.entry("as", 9), Map.entry("locks", 10), Map.entry("sigpending", 11),
            Map.entry("msgqueue", 12), Map.entry("nice", 13), Map.entry("rtprio", 14), Map.entry("rttime", 15));
    private static final String RLIM_INFINITY = Long.toUnsignedString(-1L);

    /** One `--ulimit`, checked. */
    record Ulimit(String name, int resource, String soft, String hard) {}

    /** Checks every value, so that a bad one fails before anything is created. */
    public SecurityOptions {
        capAdd = List.copyOf(capAdd);
        capDrop = List.copyOf(capDrop);
        securityOpts = List.copyOf(securityOpts);
        groupAdd = List.copyOf(groupAdd);
        ulimits = List.copyOf(ulimits);
        sysctls = List.copyOf(sysctls);
        capabilities(capAdd, capDrop, privileged);
        for (String opt : securityOpts) {
            if (opt.startsWith("seccomp=") && !opt.equals("seccomp=unconfined")) {
                Seccomp.profile(Path.of(opt.substring("seccomp=".length()))); // read now: a bad one fails first
            } else if (!opt.equals("no-new-privileges") && !opt.equals("no-new-privileges=true")
                    && !opt.equals("no-new-privileges:true") && !opt.equals("no-new-privileges=false")
                    && !opt.equals("seccomp=unconfined") && !opt.equals("label=disable")
                    && !opt.equals("apparmor=unconfined")) {
                throw new SkiffException("--security-opt `" + opt + "`: skiff takes no-new-privileges, "
                        + "seccomp=unconfined or seccomp=PROFILE.json, label=disable or apparmor=unconfined");
            }
        }
        ulimits.forEach(SecurityOptions::ulimit);
        sysctls.forEach(SecurityOptions::sysctl);
    }

    /** The capability set the container gets. */
    public long capabilities() {
        return capabilities(capAdd, capDrop, privileged);
    }

    /**
     * The container's seccomp filter compiled for CAPS: podman's default profile (compiled once
     * per capability set into CACHE_DIR), or the one of `--security-opt seccomp=FILE`; empty with
     * `seccomp=unconfined` or `--privileged`.
     */
    public Optional<byte[]> seccompProgram(long caps, Path cacheDir) {
        String chosen = null;
        for (String opt : securityOpts) {
            if (opt.startsWith("seccomp=")) {
                chosen = opt.substring("seccomp=".length());
            }
        }
        if ("unconfined".equals(chosen) || (privileged && chosen == null)) {
            return Optional.empty();
        }
        return Optional.of(chosen == null ? Seccomp.defaultProgram(caps, cacheDir)
                : Seccomp.compile(Seccomp.profile(Path.of(chosen)), caps, "seccomp profile `" + chosen + "`"));
    }

    /** Whether `--security-opt no-new-privileges` was given. */
    public boolean noNewPrivileges() {
        return securityOpts.stream().anyMatch(o -> o.startsWith("no-new-privileges") && !o.endsWith("false"));
    }

    /** The capability set: podman's default (all with --privileged), with ALL or names added, then dropped. */
    static long capabilities(List<String> add, List<String> drop, boolean privileged) {
        boolean dropAll = drop.stream().anyMatch(n -> n.equalsIgnoreCase("ALL"));
        long caps = dropAll ? 0 : privileged ? Capabilities.all() : Capabilities.DEFAULT;
        for (String n : add) {
            caps |= n.equalsIgnoreCase("ALL") ? Capabilities.all() : bit("--cap-add", n);
        }
        if (!dropAll) {
            for (String n : drop) {
                caps &= ~bit("--cap-drop", n);
            }
        }
        return caps;
    }

    private static long bit(String flag, String name) {
        try {
            return 1L << Capabilities.bit(name);
        } catch (IllegalArgumentException e) {
            throw new SkiffException(flag + " `" + name + "`: unknown capability (see capabilities(7), e.g. NET_ADMIN)");
        }
    }

    static Ulimit ulimit(String spec) {
        int eq = spec.indexOf('=');
        String name = eq < 0 ? spec : spec.substring(0, eq).toLowerCase(Locale.ROOT);
        Integer resource = RLIMITS.get(name);
        if (eq < 0 || resource == null) {
            throw new SkiffException("--ulimit `" + spec + "`: give NAME=SOFT[:HARD] with NAME one of "
                    + String.join(", ", RLIMITS.keySet().stream().sorted().toList()));
        }
        String[] values = spec.substring(eq + 1).split(":", -1);
        if (values.length > 2) {
            throw new SkiffException("--ulimit `" + spec + "`: give NAME=SOFT[:HARD]");
        }
        String soft = limit(spec, values[0]);
        String hard = values.length == 2 ? limit(spec, values[1]) : soft;
        if (Long.compareUnsigned(Long.parseUnsignedLong(soft), Long.parseUnsignedLong(hard)) > 0) {
            throw new SkiffException("--ulimit `" + spec + "`: the soft limit is above the hard one");
        }
        return new Ulimit(name, resource, soft, hard);
    }

    /** One `--sysctl NAME=VALUE`, checked: NAME (dots or slashes) with slashes, then VALUE. */
    static String[] sysctl(String spec) {
        int eq = spec.indexOf('=');
        if (eq <= 0) {
            throw new SkiffException("--sysctl `" + spec + "`: give NAME=VALUE, e.g. net.ipv4.ip_forward=1");
        }
        String name = spec.substring(0, eq).trim();
        String dotted = name.replace('/', '.');
        if (dotted.equals("kernel.hostname")) {
            throw new SkiffException("--sysctl `" + spec + "`: set the host name with --hostname");
        }
        if (name.contains("..") || name.startsWith(".") || name.startsWith("/")
                || !(SYSCTL_NAMES.contains(dotted) || SYSCTL_PREFIXES.stream().anyMatch(dotted::startsWith))) {
            throw new SkiffException("--sysctl `" + spec + "`: only sysctls of the container's own namespaces can be "
                    + "set: net.*, fs.mqueue.*, kernel.domainname and the kernel.shm*, kernel.msg* and kernel.sem "
                    + "IPC settings");
        }
        return new String[] {name.indexOf('/') >= 0 ? name : name.replace('.', '/'), spec.substring(eq + 1)};
    }

    /**
     * This process's hard limit of RESOURCE (which the container inherits), from
     * /proc/self/limits, whose rows follow the RLIMIT_* numbers; null when it cannot be read.
     */
    private static String hardLimitNow(int resource) {
        try {
            List<String> rows = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/limits"));
            String[] cols = rows.get(resource + 1).split("\\s{2,}");
            return cols[2].equals("unlimited") ? RLIM_INFINITY : Long.toString(Long.parseLong(cols[2]));
        } catch (java.io.IOException | RuntimeException e) {
            return null; // the shim's setrlimit still refuses what cannot be
        }
    }

    private static String limit(String spec, String value) {
        if (value.equals("-1") || value.equals("unlimited")) {
            return RLIM_INFINITY;
        }
        try {
            long v = Long.parseLong(value);
            if (v >= 0) {
                return Long.toString(v);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new SkiffException("--ulimit `" + spec + "`: `" + value + "` is no limit (a number, -1 or unlimited)");
    }

    /**
     * Puts these choices into PLAN: capabilities (effective only for root in the container, as
     * podman does), masked and read-only paths unless privileged, no_new_privs, the read-only
     * root with its tmpfs, extra groups (resolved with USERS) and limits.
     */
    void apply(Plan plan, ImageUser users, ImageUser.Identity identity) {
        long caps = capabilities();
        plan.capabilities(caps, identity.uid() == 0 ? caps : 0);
        if (!privileged) {
            ContainerFilesystem.MASKED.forEach(plan::mask);
            ContainerFilesystem.thermalThrottle().forEach(plan::mask);
            ContainerFilesystem.READ_ONLY.forEach(plan::readonly);
        }
        if (noNewPrivileges()) {
            plan.noNewPrivileges();
        }
        if (readOnly) {
            plan.readonlyRoot();
            if (readOnlyTmpfs) {
                for (String dir : List.of("/tmp", "/var/tmp", "/run")) {
                    plan.mount(new Mount("tmpfs", dir, "tmpfs", Mount.MS_NOSUID | Mount.MS_NODEV,
                            dir.equals("/run") ? "mode=755" : "mode=1777"));
                }
            }
        }
        List<Long> groups = new ArrayList<>();
        for (String g : groupAdd) {
            long gid;
            try {
                gid = users.groupId(g);
            } catch (SkiffException e) {
                throw new SkiffException("--group-add `" + g + "`: " + e.getMessage(), e);
            }
            if (!identity.groups().contains(gid) && !groups.contains(gid)) {
                groups.add(gid);
            }
        }
        groups.forEach(plan::group);
        for (String u : ulimits) {
            Ulimit l = ulimit(u);
            String own = hardLimitNow(l.resource());
            if (own != null && Long.compareUnsigned(Long.parseUnsignedLong(l.hard()), Long.parseUnsignedLong(own)) > 0) {
                throw new SkiffException("--ulimit `" + u + "`: the hard limit is above skiff's own ("
                        + (own.equals(RLIM_INFINITY) ? "unlimited" : own) + "), which a rootless container cannot raise");
            }
            plan.rlimit(l.resource(), l.soft(), l.hard());
        }
        for (String spec : sysctls) {
            String[] nameValue = sysctl(spec);
            if (nameValue[0].equals("kernel/domainname")) {
                plan.domainname(nameValue[1]); // the file belongs to the host's root: setdomainname(2) is allowed
            } else {
                plan.sysctl(nameValue[0], nameValue[1]);
            }
        }
    }
}

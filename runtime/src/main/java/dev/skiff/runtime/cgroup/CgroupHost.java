package dev.skiff.runtime.cgroup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The cgroups of this host as skiff finds them: the version (v2, hybrid, v1), the cgroup2
 * mount (from /proc/self/mountinfo, never a fixed path), skiff's own cgroup in it (from
 * /proc/self/cgroup) and its controllers, and the controllers systemd delegates to this user's
 * manager, whose transient scopes (`systemd-run --user --scope`) hold containers' limits.
 *
 * @param version      "v2", "hybrid" (v1 controllers beside a cgroup2 mount), "v1" or "none"
 * @param unified      the cgroup2 mount point, or null
 * @param own          skiff's cgroup directory in the cgroup2 hierarchy, or null
 * @param ownPath      that cgroup as /proc/self/cgroup names it ("/" for the root)
 * @param controllers  the controllers in own's cgroup.controllers
 * @param v1           the controllers mounted as cgroup v1 hierarchies
 * @param delegated    whether own (its cgroup.procs and cgroup.subtree_control) is writable
 * @param userManagerControllers the controllers systemd delegates to this user's manager
 *                     (user@UID.service), whose transient scopes skiff can put containers in;
 *                     empty when no user manager runs (or no systemd-run is installed)
 */
public record CgroupHost(String version, Path unified, Path own, String ownPath, Set<String> controllers,
                         Set<String> v1, boolean delegated, Set<String> userManagerControllers) {
    public CgroupHost {
        controllers = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(controllers));
        userManagerControllers = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(userManagerControllers));
    }

    /** Reads this process's view of the host. */
    public static CgroupHost probe() {
        CgroupHost host = probe(read(Path.of("/proc/self/mountinfo")), read(Path.of("/proc/self/cgroup")));
        String uid = System.getenv().getOrDefault("SKIFF_HOST_UID", "");
        String runtime = System.getenv("XDG_RUNTIME_DIR");
        if (!host.version().equals("v2") || uid.isEmpty() || runtime == null
                || !Files.exists(Path.of(runtime, "systemd", "private")) || systemdRun() == null) {
            return host;
        }
        Path manager = host.unified().resolve("user.slice/user-" + uid + ".slice/user@" + uid + ".service");
        Set<String> offered = new TreeSet<>();
        String text = read(manager.resolve("cgroup.controllers")).strip();
        if (!text.isEmpty()) {
            offered.addAll(List.of(text.split("\\s+")));
        }
        return new CgroupHost(host.version(), host.unified(), host.own(), host.ownPath(), host.controllers(),
                host.v1(), host.delegated(), offered);
    }

    /** The cgroup2 mount point alone, or null: what finding a container's cgroup files takes. */
    public static Path unifiedMount() {
        return probe(read(Path.of("/proc/self/mountinfo")), "").unified();
    }

    /**
     * A cheap first look, for runs without limit flags: whether this host could give containers
     * scopes at all (a cgroup2 root at /sys/fs/cgroup and a user manager's socket), before the
     * full {@link #probe}.
     */
    public static boolean mayHaveScopes() {
        String runtime = System.getenv("XDG_RUNTIME_DIR");
        return runtime != null && Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers"))
                && Files.exists(Path.of(runtime, "systemd", "private"));
    }

    /** systemd-run, which makes the transient scopes, or null when it is not installed. */
    public static Path systemdRun() {
        for (String dir : List.of("/usr/bin", "/bin")) {
            Path p = Path.of(dir, "systemd-run");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /** The host that MOUNTINFO and CGROUP (the texts of those /proc files) describe. */
    static CgroupHost probe(String mountinfo, String cgroup) {
        Path unified = null;
        Set<String> v1 = new TreeSet<>();
        for (String line : mountinfo.split("\n")) {
            int dash = line.indexOf(" - ");
            if (dash < 0) {
                continue;
            }
            String[] before = line.substring(0, dash).split(" ");
            String[] after = line.substring(dash + 3).split(" ");
            if (after.length < 3 || before.length < 5) {
                continue;
            }
            if (after[0].equals("cgroup2") && unified == null) {
                unified = Path.of(before[4]);
            } else if (after[0].equals("cgroup")) {
                for (String opt : after[2].split(",")) {
                    if (!opt.equals("rw") && !opt.equals("ro") && !opt.startsWith("name=") && !opt.contains("=")
                            && !opt.equals("clone_children") && !opt.equals("noprefix") && !opt.equals("xattr")) {
                        v1.add(opt);
                    }
                }
            }
        }
        String version = unified == null ? (v1.isEmpty() ? "none" : "v1") : v1.isEmpty() ? "v2" : "hybrid";
        String ownPath = null;
        for (String line : cgroup.split("\n")) {
            if (line.startsWith("0::")) {
                ownPath = line.substring(3).strip();
            }
        }
        Path own = unified == null || ownPath == null ? null : unified.resolve(ownPath.replaceFirst("^/+", ""));
        Set<String> controllers = new TreeSet<>();
        boolean delegated = false;
        if (own != null) {
            String text = read(own.resolve("cgroup.controllers")).strip();
            if (!text.isEmpty()) {
                controllers.addAll(List.of(text.split("\\s+")));
            }
            delegated = Files.isWritable(own) && Files.isWritable(own.resolve("cgroup.procs"))
                    && Files.isWritable(own.resolve("cgroup.subtree_control"));
        }
        return new CgroupHost(version, unified, own, ownPath == null ? "" : ownPath, controllers, v1, delegated,
                Set.of());
    }

    /** podman's word for the manager: systemd when skiff's cgroup lies in a systemd user's tree. */
    public String manager() {
        return ownPath.contains(".slice") || ownPath.contains(".scope") || ownPath.contains(".service")
                ? "systemd" : "cgroupfs";
    }

    /** Whether a container can get CONTROLLER: its transient scope under the user's manager has it. */
    public boolean usable(String controller) {
        return userManagerControllers.contains(controller);
    }

    /**
     * Why CONTROLLER cannot be used, and what would fix it, in a few words for one error line;
     * empty when it can.
     */
    public String whyNot(String controller) {
        if (usable(controller)) {
            return "";
        }
        return switch (version) {
            case "none" -> "no cgroup file system is mounted";
            case "v1" -> "the host runs cgroup v1 (boot with systemd.unified_cgroup_hierarchy=1 for cgroup v2)";
            case "hybrid" -> "the host runs cgroups in hybrid mode, " + controller + " under v1 (the cgroup v2 tree at "
                    + unified + " has " + (controllers.isEmpty() ? "no controllers" : String.join(" ", controllers))
                    + "; boot with systemd.unified_cgroup_hierarchy=1)";
            default -> userManagerControllers.isEmpty()
                    ? "no systemd user manager runs for this user (enable lingering with `loginctl enable-linger`, "
                    + "or log in through a session that starts user@UID.service)"
                    : "the " + controller + " controller is not delegated to this user's systemd (it has "
                    + String.join(" ", userManagerControllers) + "; add " + controller
                    + " to Delegate= in a drop-in for user@.service)";
        };
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** The controllers podman lists for a host: those containers can get, else none (as rootless podman). */
    public List<String> availableControllers() {
        return new ArrayList<>(userManagerControllers);
    }
}

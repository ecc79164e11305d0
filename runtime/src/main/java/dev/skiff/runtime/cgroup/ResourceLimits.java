package dev.skiff.runtime.cgroup;

import dev.skiff.runtime.SkiffException;
import dev.skiff.runtime.config.ContainersConf;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The resource limits asked of a container (`--memory`, `--cpus`, `--pids-limit`, ...), each
 * checked, and the rule skiff keeps with them: a limit holds or the run stops. Where the cgroup
 * v2 controller a flag needs is not there for this user, `run` exits 125 naming the flag, the
 * controller and the fix, instead of silently ignoring the limit as podman does;
 * `--cgroups=disabled`, or `cgroup_limits = "best-effort"` in containers.conf, runs anyway
 * with a warning.
 */
public final class ResourceLimits {
    /** A flag's controller and the check of its value. */
    private record Kind(String controller, Predicate<String> valid, String expected) {}

    private static final String SIZE = "[0-9]+(\\.[0-9]+)?([bBkKmMgGtT][bB]?|[kKmMgG]i[bB])?";
    private static final Map<String, Kind> FLAGS = new LinkedHashMap<>();

    static {
        Kind memory = new Kind("memory", v -> v.matches(SIZE), "a size such as 512m or 2g");
        FLAGS.put("--memory", memory);
        FLAGS.put("--memory-reservation", memory);
        FLAGS.put("--memory-swap", new Kind("memory", v -> v.equals("-1") || v.matches(SIZE), "a size, or -1"));
        FLAGS.put("--cpus", new Kind("cpu", v -> v.matches("[0-9]*\\.?[0-9]+") && Double.parseDouble(v) > 0,
                "a number of CPUs such as 1.5"));
        FLAGS.put("--cpu-shares", new Kind("cpu", v -> v.matches("[0-9]{1,6}") && Long.parseLong(v) >= 2
                && Long.parseLong(v) <= 262144, "2 to 262144"));
        FLAGS.put("--cpu-weight", new Kind("cpu", v -> v.matches("[0-9]{1,5}") && Long.parseLong(v) >= 1
                && Long.parseLong(v) <= 10000, "1 to 10000"));
        FLAGS.put("--cpuset-cpus", new Kind("cpuset", v -> v.matches("[0-9]+(-[0-9]+)?(,[0-9]+(-[0-9]+)?)*"),
                "CPU numbers and ranges such as 0-3,6"));
        FLAGS.put("--pids-limit", new Kind("pids", v -> v.matches("-?[0-9]{1,18}") && Long.parseLong(v) >= -1,
                "a number of processes, 0 or -1 for no limit"));
        FLAGS.put("--blkio-weight", new Kind("io", v -> v.matches("[0-9]{1,4}") && Long.parseLong(v) >= 10
                && Long.parseLong(v) <= 1000, "10 to 1000"));
        Kind rate = new Kind("io", v -> v.matches("/dev/[^:]+:" + SIZE), "DEVICE:RATE such as /dev/sda:1mb");
        FLAGS.put("--device-read-bps", rate);
        FLAGS.put("--device-write-bps", rate);
    }

    private final Map<String, List<String>> given;

    /** GIVEN: each limit flag with its values, in the order of the command line; checked here. */
    public ResourceLimits(Map<String, List<String>> given) {
        this.given = new LinkedHashMap<>();
        given.forEach((flag, values) -> {
            Kind kind = FLAGS.get(flag);
            if (kind == null) {
                throw new IllegalArgumentException("not a limit flag: " + flag);
            }
            for (String v : values) {
                if (!kind.valid().test(v)) {
                    throw new SkiffException(flag + " `" + v + "`: give " + kind.expected());
                }
            }
            if (!values.isEmpty()) {
                this.given.put(flag, List.copyOf(values));
            }
        });
    }

    /** The limit flags, for the CLI to offer. */
    public static List<String> flags() {
        return List.copyOf(FLAGS.keySet());
    }

    public boolean isEmpty() {
        return given.isEmpty();
    }

    /**
     * Holds the rule: with cgroups disabled (by CGROUPS_FLAG or CONF) or cgroup_limits =
     * "best-effort", each limit that cannot hold is a warning on WARN; otherwise the first one is
     * an error. A flag whose controller is usable is refused as well: skiff does not yet give
     * containers cgroups of their own, and a limit it cannot hold is never accepted silently.
     */
    public void check(CgroupHost host, String cgroupsFlag, ContainersConf conf, PrintWriter warn) {
        String cgroups = cgroupsFlag != null ? cgroupsFlag : conf.cgroups();
        if (!cgroups.equals("enabled") && !cgroups.equals("disabled")) {
            throw new SkiffException("--cgroups `" + cgroups + "`: give enabled or disabled");
        }
        for (Map.Entry<String, List<String>> e : given.entrySet()) {
            String flag = e.getKey() + " " + e.getValue().getLast();
            String controller = FLAGS.get(e.getKey()).controller();
            String why = cgroups.equals("disabled") ? "cgroups are disabled"
                    : host.usable(controller) ? "skiff does not yet give containers cgroups of their own"
                    : host.whyNot(controller);
            if (cgroups.equals("disabled") || conf.cgroupLimits().equals("best-effort")) {
                warn.println("Warning: " + flag + " is not applied: " + why);
                warn.flush();
                continue;
            }
            throw new SkiffException(flag + " needs the cgroup v2 " + controller + " controller, which skiff cannot "
                    + "use: " + why + "; --cgroups=disabled runs without the limit");
        }
    }
}

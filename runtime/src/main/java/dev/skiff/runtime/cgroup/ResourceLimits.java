package dev.skiff.runtime.cgroup;

import dev.skiff.runtime.SkiffException;
import dev.skiff.runtime.config.ContainersConf;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The resource limits asked of a container (`--memory`, `--cpus`, `--pids-limit`, ...), each
 * checked, and the rule skiff keeps with them: a limit holds or the run stops. Limits are held
 * by a transient scope of the user's systemd manager, given them as resource-control
 * properties (MemoryMax=, TasksMax=, CPUQuota=, ...). Where the cgroup
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

    /** podman's default --pids-limit, applied where the pids controller is there for the user. */
    public static final long DEFAULT_PIDS_LIMIT = 2048;

    /**
     * Holds the rule, and returns what the container's cgroup gets (empty: the container runs
     * without one): "+CONTROLLER" entries for the controllers its leaf needs, and "FILE=VALUE"
     * entries for the limits written there (memory.max=..., pids.max=...). With cgroups
     * disabled (by CGROUPS_FLAG or CONF) or cgroup_limits = "best-effort", each limit that
     * cannot hold is a warning on WARN; otherwise the first one is an error.
     */
    public List<String> check(CgroupHost host, String cgroupsFlag, ContainersConf conf, PrintWriter warn) {
        String cgroups = cgroupsFlag != null ? cgroupsFlag : conf.cgroups();
        if (!cgroups.equals("enabled") && !cgroups.equals("disabled")) {
            throw new SkiffException("--cgroups `" + cgroups + "`: give enabled or disabled");
        }
        if (given.containsKey("--memory-swap") && !given.containsKey("--memory")) {
            throw new SkiffException("--memory-swap needs --memory: it limits memory and swap together");
        }
        java.util.Set<String> controllers = new java.util.TreeSet<>();
        List<String> files = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : given.entrySet()) {
            String flag = e.getKey() + " " + e.getValue().getLast();
            String controller = FLAGS.get(e.getKey()).controller();
            if (cgroups.equals("enabled") && host.usable(controller)) {
                controllers.add(controller);
                files.addAll(files(e.getKey(), e.getValue()));
                continue;
            }
            String why = cgroups.equals("disabled") ? "cgroups are disabled" : host.whyNot(controller);
            if (cgroups.equals("disabled") || conf.cgroupLimits().equals("best-effort")) {
                warn.println("Warning: " + flag + " is not applied: " + why);
                warn.flush();
                continue;
            }
            throw new SkiffException(flag + " needs the cgroup v2 " + controller + " controller, which skiff cannot "
                    + "use: " + why + "; --cgroups=disabled runs without the limit");
        }
        if (cgroups.equals("enabled") && !given.containsKey("--pids-limit") && host.usable("pids")) {
            controllers.add("pids");
            files.add("pids.max=" + DEFAULT_PIDS_LIMIT);
        }
        if (files.isEmpty()) {
            return List.of();
        }
        if (host.usable("memory")) {
            controllers.add("memory"); // memory.events tells an OOM kill
        }
        List<String> out = new ArrayList<>();
        controllers.forEach(c -> out.add("+" + c));
        out.addAll(files);
        return out;
    }

    /** The cgroup v2 files and values for FLAG's VALUES (the last one counts, but for devices). */
    private List<String> files(String flag, List<String> values) {
        String v = values.getLast();
        return switch (flag) {
            case "--memory" -> List.of("memory.max=" + bytes(v));
            case "--memory-reservation" -> List.of("memory.low=" + bytes(v));
            case "--memory-swap" -> {
                if (v.equals("-1")) {
                    yield List.of("memory.swap.max=max");
                }
                long swap = bytes(v) - bytes(given.get("--memory").getLast());
                if (swap < 0) {
                    throw new SkiffException("--memory-swap " + v + ": must be at least --memory (it counts both)");
                }
                yield List.of("memory.swap.max=" + swap);
            }
            case "--cpus" -> List.of("cpu.max=" + Math.round(Double.parseDouble(v) * 100_000) + " 100000");
            case "--cpu-shares" -> List.of("cpu.weight=" + (1 + (Long.parseLong(v) - 2) * 9999 / 262142));
            case "--cpu-weight" -> List.of("cpu.weight=" + v);
            case "--cpuset-cpus" -> List.of("cpuset.cpus=" + v);
            case "--pids-limit" -> List.of("pids.max=" + (Long.parseLong(v) <= 0 ? "max" : v));
            case "--blkio-weight" -> List.of("io.weight=default " + (1 + (Long.parseLong(v) - 10) * 9999 / 990));
            case "--device-read-bps", "--device-write-bps" -> values.stream().map(dv -> {
                int colon = dv.lastIndexOf(':');
                return "io.max=" + device(dv.substring(0, colon))
                        + (flag.equals("--device-read-bps") ? " rbps=" : " wbps=") + bytes(dv.substring(colon + 1));
            }).toList();
            default -> throw new IllegalStateException(flag);
        };
    }

    /** A block device's MAJOR:MINOR, as io.max names it. */
    private static String device(String path) {
        try {
            long rdev = ((Number) java.nio.file.Files.getAttribute(java.nio.file.Path.of(path), "unix:rdev")).longValue();
            return ((rdev >> 8) & 0xfff) + ":" + ((rdev & 0xff) | ((rdev >> 12) & 0xfff00));
        } catch (java.io.IOException | RuntimeException e) {
            throw new SkiffException("`" + path + "`: no such block device");
        }
    }

    /** A size as the limit flags take it (512m, 1.5g, 100kb, 64MiB) in bytes. */
    static long bytes(String size) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([0-9]+(?:\\.[0-9]+)?)([bkmgt]?)(?:i?b)?")
                .matcher(size.toLowerCase(java.util.Locale.ROOT));
        if (!m.matches()) {
            throw new SkiffException("`" + size + "` is not a size");
        }
        int shift = switch (m.group(2)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
        };
        return (long) (Double.parseDouble(m.group(1)) * (1L << shift));
    }
}

package dev.skiff.runtime.container;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a running container uses, for `skiff stats`: read from its cgroup leaf when it has one
 * (cpu.stat, memory.current, io.stat, pids.current), and otherwise from /proc, summed over the
 * processes of its PID namespace (not of namespaces nested in it), so that a host without
 * cgroup v2 still gets numbers. Network
 * counters come from the container's own network namespace either way.
 *
 * @param cpuNanos    CPU time of the container's processes, user and system
 * @param systemNanos kernel part of {@code cpuNanos}
 * @param memUsage    memory in use: the leaf's memory.current less inactive file pages, or the
 *                    processes' proportional set size
 * @param memLimit    memory.max, or the host's memory when there is no limit
 * @param netInput    bytes received on the container's interfaces other than lo
 * @param netOutput   bytes sent on them
 * @param blockInput  bytes read from block devices
 * @param blockOutput bytes written to block devices
 * @param pids        processes and threads in the container
 * @param fromCgroup  whether the cgroup leaf was the source
 */
public record ContainerStats(long cpuNanos, long systemNanos, long memUsage, long memLimit, long netInput,
                             long netOutput, long blockInput, long blockOutput, long pids, boolean fromCgroup) {
    private static final long TICK_NANOS = 10_000_000L; // USER_HZ is 100 on Linux

    /** A sample of C now; empty when it does not run. */
    public static Optional<ContainerStats> of(ContainerDir c) {
        OptionalLong pid = c.pid();
        if (!c.running() || pid.isEmpty()) {
            return Optional.empty();
        }
        Path proc = Path.of("/proc", Long.toString(pid.getAsLong()));
        long[] net = netIo(proc.resolve("net/dev"));
        Path cg = c.cgroup();
        try {
            if (cg != null && Files.isDirectory(cg)) {
                return Optional.of(fromCgroup(cg, net));
            }
            return Optional.of(fromProc(proc, net));
        } catch (IOException | RuntimeException e) {
            return c.running() ? Optional.of(new ContainerStats(0, 0, 0, hostMemory(), net[0], net[1], 0, 0, 0, false))
                    : Optional.empty();
        }
    }

    private static ContainerStats fromCgroup(Path cg, long[] net) throws IOException {
        long usageUsec = 0;
        long systemUsec = 0;
        for (String line : Files.readAllLines(cg.resolve("cpu.stat"))) {
            String[] f = line.split(" ");
            if (f[0].equals("usage_usec")) {
                usageUsec = Long.parseLong(f[1]);
            } else if (f[0].equals("system_usec")) {
                systemUsec = Long.parseLong(f[1]);
            }
        }
        long memory = number(cg.resolve("memory.current"), 0);
        long inactiveFile = 0;
        if (Files.exists(cg.resolve("memory.stat"))) {
            for (String line : Files.readAllLines(cg.resolve("memory.stat"))) {
                if (line.startsWith("inactive_file ")) {
                    inactiveFile = Long.parseLong(line.substring("inactive_file ".length()).strip());
                }
            }
        }
        long host = hostMemory();
        long limit = Math.min(number(cg.resolve("memory.max"), host), host);
        long read = 0;
        long written = 0;
        if (Files.exists(cg.resolve("io.stat"))) {
            for (String line : Files.readAllLines(cg.resolve("io.stat"))) {
                for (String kv : line.split(" ")) {
                    if (kv.startsWith("rbytes=")) {
                        read += Long.parseLong(kv.substring(7));
                    } else if (kv.startsWith("wbytes=")) {
                        written += Long.parseLong(kv.substring(7));
                    }
                }
            }
        }
        return new ContainerStats(usageUsec * 1000, systemUsec * 1000, Math.max(0, memory - inactiveFile), limit,
                net[0], net[1], read, written, number(cg.resolve("pids.current"), 0), true);
    }

    /** Sums over the processes that share the init's PID namespace. */
    private static ContainerStats fromProc(Path init, long[] net) throws IOException {
        String pidNs = Files.readSymbolicLink(init.resolve("ns/pid")).toString();
        long ticks = 0;
        long systemTicks = 0;
        long pssKb = 0;
        long read = 0;
        long written = 0;
        long threads = 0;
        for (Path p : processes()) {
            try {
                if (!Files.readSymbolicLink(p.resolve("ns/pid")).toString().equals(pidNs)) {
                    continue;
                }
                String stat = Files.readString(p.resolve("stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                // fields from state (3rd in proc(5)): utime is 14th, stime 15th, cutime 16th, cstime 17th, threads 20th
                ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
                systemTicks += Long.parseLong(f[12]) + Long.parseLong(f[14]);
                threads += Long.parseLong(f[17]);
                pssKb += field(p.resolve("smaps_rollup"), "Pss:");
                read += field(p.resolve("io"), "read_bytes:");
                written += field(p.resolve("io"), "write_bytes:");
            } catch (IOException | RuntimeException e) {
                // the process ended while it was read
            }
        }
        return new ContainerStats(ticks * TICK_NANOS, systemTicks * TICK_NANOS, pssKb * 1024, hostMemory(),
                net[0], net[1], read, written, threads, false);
    }

    private static List<Path> processes() throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(Path.of("/proc"),
                p -> p.getFileName().toString().chars().allMatch(Character::isDigit))) {
            ds.forEach(out::add);
        }
        return out;
    }

    /** Received and sent bytes over the interfaces of a network namespace other than lo. */
    private static long[] netIo(Path netDev) {
        long[] io = new long[2];
        try {
            for (String line : Files.readAllLines(netDev)) {
                int colon = line.indexOf(':');
                if (colon < 0 || line.substring(0, colon).strip().equals("lo")) {
                    continue;
                }
                String[] f = line.substring(colon + 1).strip().split("\\s+");
                io[0] += Long.parseLong(f[0]);
                io[1] += Long.parseLong(f[8]);
            }
        } catch (IOException | RuntimeException e) {
            // gone, or no network namespace to read
        }
        return io;
    }

    /** The number in a "KEY: N [kB]" line of FILE; 0 when there is none. */
    private static long field(Path file, String key) throws IOException {
        for (String line : Files.readAllLines(file)) {
            if (line.startsWith(key)) {
                return Long.parseLong(line.substring(key.length()).strip().split("\\s+")[0]);
            }
        }
        return 0;
    }

    /** A cgroup file's number; MAX for "max" or a missing file. */
    private static long number(Path file, long max) throws IOException {
        if (!Files.exists(file)) {
            return max;
        }
        String s = Files.readString(file).strip();
        return s.equals("max") ? max : Long.parseLong(s);
    }

    /** The host's memory (MemTotal), the limit of a container without one. */
    static long hostMemory() {
        try {
            return field(Path.of("/proc/meminfo"), "MemTotal:") * 1024;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** CPU time as Go prints a time.Duration, podman's CPU TIME column. */
    public String upTime() {
        return GoDuration.format(cpuNanos);
    }
}

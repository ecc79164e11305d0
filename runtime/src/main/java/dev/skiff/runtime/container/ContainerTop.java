package dev.skiff.runtime.container;

import dev.skiff.runtime.SkiffException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * `top`: the processes of a running container, read from /proc (every process in the container's
 * PID namespace), described by podman's AIX-style descriptors (pid, user, args, …) with its
 * headers and its formats (Go durations for ELAPSED and TIME).
 */
public final class ContainerTop {
    /** The columns `top` shows when given no descriptors. */
    public static final List<String> DEFAULT = List.of("user", "pid", "ppid", "pcpu", "etime", "tty", "time", "args");
    private static final long CLOCK_TICKS = 100; // USER_HZ, the unit of /proc/PID/stat times on Linux

    private record Column(String header, Function<Proc, String> value) {}

    /** One process, as /proc describes it. */
    private record Proc(long hostPid, long pid, long ppid, long pgid, char state, long ttyNr, long cpuTicks,
                        long startTicks, int nice, long vsizeBytes, long[] uids, long[] gids, String comm,
                        String args) {}

    private final Path proc;
    private final ImageUser names;
    private final long bootSeconds;
    private final Instant now;
    private final IdMap outside;

    private ContainerTop(Path proc, ImageUser names, IdMap outside) throws IOException {
        this.proc = proc;
        this.names = names;
        this.bootSeconds = bootTime(proc);
        this.now = Instant.now();
        this.outside = outside;
    }

    /** The header and one row per process of the running container C, by the descriptors given. */
    public static List<List<String>> of(ContainerDir c, List<String> descriptors) {
        List<String> wanted = descriptors.isEmpty() ? DEFAULT : split(descriptors);
        Map<String, Column> columns = new LinkedHashMap<>();
        for (String d : wanted) {
            columns.put(d, null);
        }
        if (!c.running() || c.pid().isEmpty()) {
            throw new SkiffException("top can only be used on running containers; " + c.name() + " is "
                    + Containers.status(c) + ": start it first");
        }
        try {
            ContainerTop top = new ContainerTop(Path.of("/proc"), new ImageUser(c.filesTopFirst()),
                    IdMap.ofProcess(Path.of("/proc/self")));
            List<Column> cols = new ArrayList<>();
            for (String d : wanted) {
                cols.add(top.column(d));
            }
            List<List<String>> out = new ArrayList<>();
            out.add(cols.stream().map(Column::header).toList());
            for (Proc p : top.processes(c.pid().getAsLong())) {
                out.add(cols.stream().map(col -> col.value().apply(p)).toList());
            }
            return out;
        } catch (IOException e) {
            throw new SkiffException("top " + c.name() + ": " + e.getMessage(), e);
        }
    }

    /** Descriptors given as separate words, comma-separated, or both. */
    private static List<String> split(List<String> descriptors) {
        List<String> out = new ArrayList<>();
        for (String d : descriptors) {
            for (String part : d.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.strip());
                }
            }
        }
        return out;
    }

    private Column column(String descriptor) {
        return switch (descriptor) {
            case "args" -> new Column("COMMAND", Proc::args);
            case "comm" -> new Column("COMMAND", Proc::comm);
            case "etime" -> new Column("ELAPSED", p -> GoDuration.format(elapsedNanos(p)));
            case "group" -> new Column("GROUP", p -> names.groupName(p.gids()[1]));
            case "hgroup" -> new Column("HGROUP", p -> Long.toString(outside.gid(p.gids()[1])));
            case "hpid" -> new Column("HPID", p -> Long.toString(p.hostPid()));
            case "huser" -> new Column("HUSER", p -> Long.toString(outside.uid(p.uids()[1])));
            case "nice" -> new Column("NI", p -> Integer.toString(p.nice()));
            case "pcpu" -> new Column("%CPU", p -> String.format("%.3f", cpuPercent(p)));
            case "pgid" -> new Column("PGID", p -> Long.toString(p.pgid()));
            case "pid" -> new Column("PID", p -> Long.toString(p.pid()));
            case "ppid" -> new Column("PPID", p -> Long.toString(p.ppid()));
            case "rgroup" -> new Column("RGROUP", p -> names.groupName(p.gids()[0]));
            case "ruser" -> new Column("RUSER", p -> names.userName(p.uids()[0]));
            case "state" -> new Column("STATE", p -> Character.toString(p.state()));
            case "time" -> new Column("TIME", p -> GoDuration.format(p.cpuTicks() * (1_000_000_000L / CLOCK_TICKS)));
            case "tty" -> new Column("TTY", p -> tty(p.ttyNr()));
            case "user" -> new Column("USER", p -> names.userName(p.uids()[1]));
            case "vsz" -> new Column("VSZ", p -> Long.toString(p.vsizeBytes() / 1024));
            default -> throw new SkiffException("top: unknown descriptor `" + descriptor + "`; use args, comm, etime, "
                    + "group, hgroup, hpid, huser, nice, pcpu, pgid, pid, ppid, rgroup, ruser, state, time, tty, "
                    + "user or vsz");
        };
    }

    /** The processes in the PID namespace of INIT (a host pid), by their pid in the container. */
    private List<Proc> processes(long init) throws IOException {
        String ns = Files.readSymbolicLink(proc.resolve(init + "/ns/pid")).toString();
        Map<Long, Long> containerPids = new LinkedHashMap<>();
        List<Long> members = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(proc, p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path p : ds) {
                try {
                    if (Files.readSymbolicLink(p.resolve("ns/pid")).toString().equals(ns)) {
                        members.add(Long.parseLong(p.getFileName().toString()));
                    }
                } catch (IOException e) {
                    // exited meanwhile, or not ours to look at
                }
            }
        }
        List<Proc> out = new ArrayList<>();
        for (long hostPid : members) {
            read(hostPid).ifPresent(p -> {
                containerPids.put(hostPid, p.pid());
                out.add(p);
            });
        }
        out.sort((a, b) -> Long.compare(a.pid(), b.pid()));
        return out.stream().map(p -> new Proc(p.hostPid(), p.pid(), containerPids.getOrDefault(p.ppid(), 0L),
                containerPids.getOrDefault(p.pgid(), 0L), p.state(), p.ttyNr(), p.cpuTicks(), p.startTicks(), p.nice(),
                p.vsizeBytes(), p.uids(), p.gids(), p.comm(), p.args())).toList();
    }

    /** One process; empty when it exited while being read. Its ppid and pgid are still host pids. */
    private Optional<Proc> read(long hostPid) {
        Path dir = proc.resolve(Long.toString(hostPid));
        try {
            String stat = Files.readString(dir.resolve("stat"));
            int open = stat.indexOf('(');
            int close = stat.lastIndexOf(')');
            String comm = stat.substring(open + 1, close);
            String[] f = stat.substring(close + 2).split(" ");
            long pid = hostPid;
            long[] uids = {0, 0};
            long[] gids = {0, 0};
            for (String line : Files.readAllLines(dir.resolve("status"))) {
                if (line.startsWith("NSpid:")) {
                    String[] ids = line.substring(6).strip().split("\\s+");
                    pid = Long.parseLong(ids[ids.length - 1]);
                } else if (line.startsWith("Uid:")) {
                    uids = ids(line.substring(4));
                } else if (line.startsWith("Gid:")) {
                    gids = ids(line.substring(4));
                }
            }
            byte[] cmdline = Files.readAllBytes(dir.resolve("cmdline"));
            String args = new String(cmdline, StandardCharsets.UTF_8).replace('\0', ' ').strip();
            return Optional.of(new Proc(hostPid, pid, Long.parseLong(f[1]), Long.parseLong(f[2]), f[0].charAt(0),
                    Long.parseLong(f[4]), Long.parseLong(f[11]) + Long.parseLong(f[12]), Long.parseLong(f[19]),
                    Integer.parseInt(f[16]), Long.parseLong(f[20]), uids, gids, comm,
                    args.isEmpty() ? "[" + comm + "]" : args));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static long[] ids(String fields) {
        String[] f = fields.strip().split("\\s+");
        return new long[] {Long.parseLong(f[0]), Long.parseLong(f[1])};
    }

    private long elapsedNanos(Proc p) {
        long startNanos = bootSeconds * 1_000_000_000L + p.startTicks() * (1_000_000_000L / CLOCK_TICKS);
        long nowNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        return Math.max(0, nowNanos - startNanos);
    }

    private double cpuPercent(Proc p) {
        long elapsed = elapsedNanos(p);
        return elapsed == 0 ? 0 : 100.0 * p.cpuTicks() * (1_000_000_000L / CLOCK_TICKS) / elapsed;
    }

    /** The terminal a tty_nr names, as ps prints it; "?" for none. */
    static String tty(long ttyNr) {
        long major = (ttyNr >> 8) & 0xfff;
        long minor = (ttyNr & 0xff) | ((ttyNr >> 12) & 0xfff00);
        if (major >= 136 && major <= 143) {
            return "pts/" + ((major - 136) * 256 + minor);
        }
        if (major == 4 && minor < 64) {
            return "tty" + minor;
        }
        return "?";
    }

    private static long bootTime(Path proc) throws IOException {
        for (String line : Files.readAllLines(proc.resolve("stat"))) {
            if (line.startsWith("btime ")) {
                return Long.parseLong(line.substring(6).strip());
            }
        }
        throw new IOException(proc.resolve("stat") + " has no btime");
    }
}

package dev.skiff.cli.command.container;

import dev.skiff.cli.output.HumanUnits;
import dev.skiff.cli.output.TableFormat;
import dev.skiff.oci.json.Json;
import dev.skiff.runtime.SkiffException;
import dev.skiff.runtime.container.ContainerDir;
import dev.skiff.runtime.container.ContainerStats;
import dev.skiff.runtime.container.Containers;
import dev.skiff.runtime.storage.StorePaths;
import dev.skiff.runtime.sys.LibC;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * `skiff stats`: what running containers use, with podman's columns and --format fields. CPU %
 * is measured since the previous report, and for the first one since the container started.
 */
@Command(name = "stats", description = "Display a live stream of containers' resource usage",
        footer = {"", "Read from each container's cgroup when it has one; otherwise summed from /proc over the",
            "processes of the container (memory: their proportional set size)."})
public final class StatsCommand implements Callable<Integer> {
    private static final Map<String, String> HEADINGS = Map.of("ID", "ID", "UpTime", "CPU TIME", "Up", "CPU TIME",
            "CPUPerc", "CPU %", "AVGCPU", "AVG CPU %", "MemUsage", "MEM USAGE / LIMIT",
            "MemUsageBytes", "MEM USAGE / LIMIT", "MemPerc", "MEM %", "NetIO", "NET IO", "BlockIO", "BLOCK IO");
    private static final String COLUMNS = "table {{.ID}}\t{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.MemPerc}}\t"
            + "{{.NetIO}}\t{{.BlockIO}}\t{{.PIDS}}\t{{.UpTime}}\t{{.AVGCPU}}";

    @Option(names = "--help", usageHelp = true, description = "Show this help and exit")
    boolean help;

    @Option(names = {"-a", "--all"}, description = "Show every container; only running ones by default")
    boolean all;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "Print through a Go template ('table {{.ID}} {{.MemUsage}}'), or 'json'")
    String format;

    @Option(names = {"-i", "--interval"}, paramLabel = "SECONDS", defaultValue = "5",
            description = "Seconds between reports (default 5)")
    int interval;

    @Option(names = "--no-reset", description = "Do not clear the terminal between reports")
    boolean noReset;

    @Option(names = "--no-stream", description = "Print one report and exit")
    boolean noStream;

    @Option(names = "--no-trunc", description = "Do not truncate IDs")
    boolean noTrunc;

    @Parameters(arity = "0..*", paramLabel = "CONTAINER", description = "Names or IDs of containers (default: all "
            + "running ones)")
    List<String> names = new ArrayList<>();

    @Spec
    CommandSpec spec;

    /** The previous report of a container: what CPU % is measured against. */
    private record Previous(long cpuNanos, long systemNanos, double avgCpu, int dataPoints) {}

    private final Map<String, Previous> previous = new HashMap<>();

    @Override
    public Integer call() throws InterruptedException {
        if (interval < 1) {
            throw new SkiffException("--interval " + interval + ": give 1 or more seconds");
        }
        if (all && !names.isEmpty()) {
            throw new SkiffException("--all and container names cannot be given together");
        }
        PrintWriter out = spec.commandLine().getOut();
        Containers containers = new Containers(StorePaths.forCurrentUser());
        List<String> given = names.stream().map(n -> containers.find(n).id()).toList();
        boolean clear = !noStream && !noReset && format == null && LibC.isatty(1);
        while (true) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (ContainerDir c : containers.list()) {
                if (given.isEmpty() ? all || c.running() : given.contains(c.id())) {
                    rows.add(row(c, ContainerStats.of(c)));
                }
            }
            rows.sort((a, b) -> given.isEmpty() ? 0
                    : Integer.compare(given.indexOf(a.get("ContainerID")), given.indexOf(b.get("ContainerID"))));
            if (clear) {
                out.print("\033[2J\033[H");
            }
            print(out, rows);
            out.flush();
            if (noStream || (!given.isEmpty() && rows.isEmpty())) {
                return 0;
            }
            Thread.sleep(interval * 1000L);
        }
    }

    private void print(PrintWriter out, List<Map<String, Object>> rows) {
        if ("json".equals(format)) {
            out.println(Json.toPrettyString(rows.stream().map(StatsCommand::jsonView).toList(), 4));
            return;
        }
        String f = format == null ? COLUMNS : format;
        TableFormat table = new TableFormat(f, HEADINGS);
        table.heading();
        rows.forEach(table::row);
        table.printTo(out);
    }

    private Map<String, Object> row(ContainerDir c, Optional<ContainerStats> sample) {
        Map<String, Object> m = new LinkedHashMap<>();
        long now = System.currentTimeMillis() * 1_000_000L;
        m.put("ContainerID", c.id());
        m.put("ID", noTrunc ? c.id() : c.id().substring(0, 12));
        m.put("Name", c.name());
        if (sample.isEmpty()) {
            previous.remove(c.id());
            for (String k : List.of("CPUPerc", "AVGCPU", "MemUsage", "MemUsageBytes", "MemPerc", "NetIO", "BlockIO")) {
                m.put(k, k.endsWith("Perc") || k.equals("AVGCPU") ? "--" : "-- / --");
            }
            m.put("PIDS", "--");
            m.put("UpTime", "0s");
            m.put("Up", "0s");
            numbers(m, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, now);
            return m;
        }
        ContainerStats s = sample.get();
        Previous before = previous.getOrDefault(c.id(), new Previous(0,
                c.started().map(StatsCommand::nanos).orElse(now), 0, 0));
        long systemDelta = now - before.systemNanos();
        double cpu = systemDelta <= 0 ? 0 : (double) (s.cpuNanos() - before.cpuNanos()) / systemDelta * 100;
        double avg = (before.avgCpu() * before.dataPoints() + cpu) / (before.dataPoints() + 1);
        previous.put(c.id(), new Previous(s.cpuNanos(), now, avg, before.dataPoints() + 1));
        double memPerc = s.memLimit() <= 0 ? 0 : (double) s.memUsage() / s.memLimit() * 100;
        m.put("CPUPerc", percent(cpu));
        m.put("AVGCPU", percent(avg));
        m.put("MemUsage", pair(s.memUsage(), s.memLimit(), false));
        m.put("MemUsageBytes", pair(s.memUsage(), s.memLimit(), true));
        m.put("MemPerc", percent(memPerc));
        m.put("NetIO", pair(s.netInput(), s.netOutput(), false));
        m.put("BlockIO", pair(s.blockInput(), s.blockOutput(), false));
        m.put("PIDS", s.pids() == 0 ? "--" : Long.toString(s.pids()));
        m.put("UpTime", s.upTime());
        m.put("Up", s.upTime());
        numbers(m, avg, cpu, s.cpuNanos(), s.systemNanos(), s.memUsage(), s.memLimit(), memPerc, s.netInput(),
                s.netOutput(), s.blockInput(), s.blockOutput(), s.pids(), now);
        return m;
    }

    /** podman's ContainerStats fields, which templates and json read. */
    private static void numbers(Map<String, Object> m, double avg, double cpu, long cpuNanos, long systemNanos,
                                long memUsage, long memLimit, double memPerc, long netIn, long netOut, long blockIn,
                                long blockOut, long pids, long now) {
        m.put("AvgCPU", avg);
        m.put("CPU", cpu);
        m.put("CPUNano", cpuNanos);
        m.put("CPUSystemNano", systemNanos);
        m.put("SystemNano", now);
        m.put("MemLimit", memLimit);
        m.put("MemUsageRaw", memUsage);
        m.put("MemPercRaw", memPerc);
        m.put("NetInput", netIn);
        m.put("NetOutput", netOut);
        m.put("BlockInput", blockIn);
        m.put("BlockOutput", blockOut);
        m.put("PIDs", pids);
        m.put("Duration", cpuNanos);
    }

    /** The JSON podman prints: its ContainerStats struct, with numbers where it has numbers. */
    private static Map<String, Object> jsonView(Map<String, Object> row) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("AvgCPU", row.get("AvgCPU"));
        j.put("ContainerID", row.get("ContainerID"));
        j.put("Name", row.get("Name"));
        j.put("PerCPU", null);
        j.put("CPU", row.get("CPU"));
        j.put("CPUNano", row.get("CPUNano"));
        j.put("CPUSystemNano", row.get("CPUSystemNano"));
        j.put("SystemNano", row.get("SystemNano"));
        j.put("MemUsage", row.get("MemUsageRaw"));
        j.put("MemLimit", row.get("MemLimit"));
        j.put("MemPerc", row.get("MemPercRaw"));
        j.put("NetInput", row.get("NetInput"));
        j.put("NetOutput", row.get("NetOutput"));
        j.put("BlockInput", row.get("BlockInput"));
        j.put("BlockOutput", row.get("BlockOutput"));
        j.put("PIDs", row.get("PIDs"));
        j.put("UpTime", row.get("CPUNano"));
        j.put("Duration", row.get("Duration"));
        return j;
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    /** podman's percentages: two decimals, "--" for nothing. */
    static String percent(double value) {
        return value <= 0 || Double.isNaN(value) ? "--" : String.format(Locale.ROOT, "%.2f%%", value);
    }

    /** podman's "IN / OUT": SI sizes with 3 significant digits; "-- / --" when both are zero. */
    static String pair(long a, long b, boolean iec) {
        if (a == 0 && b == 0) {
            return "-- / --";
        }
        return iec ? HumanUnits.sizeIec(a) + " / " + HumanUnits.sizeIec(b)
                : HumanUnits.sizeCompact(a, 3) + " / " + HumanUnits.sizeCompact(b, 3);
    }
}

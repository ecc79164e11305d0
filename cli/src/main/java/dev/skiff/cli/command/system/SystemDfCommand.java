package dev.skiff.cli.command.system;

import dev.skiff.cli.output.HumanUnits;
import dev.skiff.cli.output.TabWriter;
import dev.skiff.cli.output.TableFormat;
import dev.skiff.runtime.image.DiskUsage;
import dev.skiff.runtime.image.ImageStore;
import dev.skiff.runtime.storage.StorePaths;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `skiff system df`: disk use of images, containers and volumes, with what could be reclaimed. */
@Command(name = "df",
        description = "Show skiff disk usage",
        sortOptions = false)
public final class SystemDfCommand implements Callable<Integer> {
    private static final Map<String, String> HEADINGS = Map.of("Type", "TYPE", "Total", "TOTAL", "Active", "ACTIVE",
            "Size", "SIZE", "Reclaimable", "RECLAIMABLE");

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit")
    boolean help;

    @Option(names = "--format", paramLabel = "FORMAT", description = "Print each row through a Go template")
    String format;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        DiskUsage usage = new ImageStore(StorePaths.forCurrentUser()).diskUsage();
        if (format != null) {
            TableFormat table = new TableFormat(format, HEADINGS).heading();
            usage.rows().forEach(r -> table.row(fields(r)));
            table.printTo(out);
            return 0;
        }
        TabWriter table = new TabWriter().row("TYPE", "TOTAL", "ACTIVE", "SIZE", "RECLAIMABLE");
        for (DiskUsage.Row r : usage.rows()) {
            Map<String, Object> f = fields(r);
            table.row(r.type(), Integer.toString(r.total()), Integer.toString(r.active()), (String) f.get("Size"),
                    (String) f.get("Reclaimable"));
        }
        table.printTo(out);
        return 0;
    }

    private static Map<String, Object> fields(DiskUsage.Row r) {
        long percent = r.size() == 0 ? 0 : Math.round(100.0 * r.reclaimable() / r.size());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Type", r.type());
        m.put("Total", r.total());
        m.put("Active", r.active());
        m.put("Size", HumanUnits.sizeCompact(r.size()));
        m.put("RawSize", r.size());
        m.put("Reclaimable", HumanUnits.sizeCompact(r.reclaimable()) + " (" + percent + "%)");
        m.put("RawReclaimable", r.reclaimable());
        return m;
    }
}

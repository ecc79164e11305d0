package dev.skiff.cli.command.pod;

import dev.skiff.cli.output.HumanUnits;
import dev.skiff.cli.output.Listing;
import dev.skiff.runtime.SkiffException;
import dev.skiff.runtime.container.ContainerDir;
import dev.skiff.runtime.container.Containers;
import dev.skiff.runtime.container.Pod;
import dev.skiff.runtime.container.Pods;
import dev.skiff.runtime.image.ImageStore;
import dev.skiff.runtime.storage.StorePaths;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `skiff pod ps`: the pods, with podman's columns, filters and --format fields. */
@Command(name = "ps", description = "List pods")
public final class PodPsCommand implements Callable<Integer> {
    private static final Listing LISTING = new Listing(Map.of("ID", "POD ID", "InfraID", "INFRA ID",
            "NumberOfContainers", "# OF CONTAINERS"),
            List.of("POD ID", "NAME", "STATUS", "CREATED", "INFRA ID", "# OF CONTAINERS"),
            List.of("ID", "Name", "Status", "Created", "InfraID", "NumberOfContainers"));

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit")
    boolean help;

    @Option(names = {"-f", "--filter"}, paramLabel = "FILTER", description = "name=, id=, status=, label=")
    List<String> filters = new ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "Print through a Go template ('{{.Name}} {{.Status}}'), or 'json'")
    String format;

    @Option(names = {"-q", "--quiet"}, description = "Print only the IDs")
    boolean quiet;

    @Option(names = "--no-trunc", description = "Do not truncate IDs")
    boolean noTrunc;

    @Option(names = {"-n", "--noheading"}, description = "Do not print column headings")
    boolean noHeading;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        StorePaths paths = StorePaths.forCurrentUser();
        Pods pods = new Pods(paths, new ImageStore(paths));
        PrintWriter out = spec.commandLine().getOut();
        Instant now = Instant.now();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Pod pod : pods.list()) {
            Map<String, Object> row = row(pods, pod, now);
            if (matches(row, pod)) {
                rows.add(row);
            }
        }
        if (quiet) {
            rows.forEach(r -> out.println(r.get("ID")));
        } else {
            LISTING.print(out, rows, format, noHeading);
        }
        out.flush();
        return 0;
    }

    private Map<String, Object> row(Pods pods, Pod pod, Instant now) {
        List<ContainerDir> members = pods.containers(pod);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ID", noTrunc ? pod.id() : pod.id().substring(0, 12));
        m.put("Id", pod.id());
        m.put("Name", pod.name());
        m.put("Status", Pods.status(members));
        m.put("Created", HumanUnits.duration(Duration.between(pod.created(), now)) + " ago");
        m.put("CreatedAt", pod.created().toString());
        m.put("InfraID", noTrunc ? pod.infraId() : pod.infraId().substring(0, 12));
        m.put("InfraId", pod.infraId());
        m.put("NumberOfContainers", members.size());
        m.put("Labels", String.join(",", pod.labels()));
        m.put("Containers", PodInspectCommand.members(members, "Names", "Status"));
        return m;
    }

    /** name=, id= (prefix), status= (created, running, degraded, exited), label=: as podman's. */
    private boolean matches(Map<String, Object> row, Pod pod) {
        for (String f : filters) {
            int eq = f.indexOf('=');
            String key = eq < 0 ? "" : f.substring(0, eq);
            String value = f.substring(eq + 1);
            boolean ok = switch (key) {
                case "name" -> pod.name().contains(value);
                case "id" -> pod.id().startsWith(value);
                case "status" -> ((String) row.get("Status")).equalsIgnoreCase(value);
                case "label" -> pod.labels().contains(value.contains("=") ? value : value + "=")
                        || (!value.contains("=") && pod.labels().stream().anyMatch(l -> l.startsWith(value + "=")));
                default -> throw new SkiffException("--filter `" + f + "`: use name=, id=, status= or label=");
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}

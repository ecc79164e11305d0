package dev.skiff.cli.command.container;

import dev.skiff.cli.output.HumanUnits;
import dev.skiff.cli.output.Listing;
import dev.skiff.runtime.SkiffException;
import dev.skiff.runtime.container.ContainerDir;
import dev.skiff.runtime.container.Containers;
import dev.skiff.runtime.container.PortMapping;
import dev.skiff.runtime.storage.StorePaths;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `skiff ps`: list containers with podman's columns, filters and --format fields. */
@Command(name = "ps", description = "List containers")
public final class PsCommand implements Callable<Integer> {
    private static final Map<String, String> HEADINGS = Map.of("ID", "CONTAINER ID", "Image", "IMAGE",
            "Command", "COMMAND", "Created", "CREATED", "CreatedAt", "CREATED AT", "Status", "STATUS",
            "Ports", "PORTS", "Names", "NAMES", "State", "STATE");

    @Option(names = "--help", usageHelp = true, description = "Show this help and exit")
    boolean help;

    @Option(names = {"-a", "--all"}, description = "Show all containers, not only running ones")
    boolean all;

    @Option(names = "--external", description = "Also show containers other tools made in skiff's store "
            + "(there are none: every container in it is skiff's)")
    boolean external;

    @Option(names = {"-q", "--quiet"}, description = "Print only the container IDs")
    boolean quiet;

    @Option(names = "--no-trunc", description = "Do not truncate IDs and commands")
    boolean noTrunc;

    @Option(names = {"-f", "--filter"}, paramLabel = "FILTER",
            description = "Show only containers that match: name=, id=, status=created|running|exited, ancestor=, label=KEY[=VALUE] (repeatable)")
    List<String> filters = new ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "Print through a Go template ('table {{.ID}} {{.Names}}'), or 'json'")
    String format;

    @Option(names = {"-n", "--noheading"}, description = "Do not print column headings")
    boolean noHeading;

    @Spec
    CommandSpec spec;

    private static final Listing LISTING = new Listing(HEADINGS,
            List.of("CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES"),
            List.of("ID", "Image", "Command", "Created", "Status", "Ports", "Names"));

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Predicate<ContainerDir> filter = filter(filters);
        List<ContainerDir> shown = new Containers(StorePaths.forCurrentUser()).list().stream()
                .filter(c -> all || !filters.isEmpty() || c.running()).filter(filter).toList();
        if (quiet) {
            shown.forEach(c -> out.println(id(c)));
            out.flush();
            return 0;
        }
        Instant now = Instant.now();
        List<Map<String, Object>> rows = shown.stream().map(c -> row(c, now)).toList();
        LISTING.print(out, rows, format, noHeading);
        out.flush();
        return 0;
    }

    private Map<String, Object> row(ContainerDir c, Instant now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ID", id(c));
        m.put("Id", c.id());
        m.put("Image", c.image());
        m.put("ImageID", c.imageId());
        m.put("Command", command(c));
        m.put("Created", HumanUnits.duration(Duration.between(c.created(), now)) + " ago");
        m.put("CreatedAt", c.created().toString());
        m.put("Status", status(c, now));
        m.put("State", Containers.status(c));
        m.put("Ports", String.join(", ", c.ports().stream().map(PortMapping::display).toList()));
        m.put("Names", c.name());
        m.put("Labels", String.join(",", c.labels()));
        return m;
    }

    private String id(ContainerDir c) {
        return noTrunc ? c.id() : c.id().substring(0, 12);
    }

    private String command(ContainerDir c) {
        String cmd = String.join(" ", c.command());
        return noTrunc || cmd.length() <= 20 ? cmd : cmd.substring(0, 17) + "...";
    }

    /** name=, id= (prefix), status=, ancestor=, label=: the same key ORs, different keys AND, as podman's. */
    static Predicate<ContainerDir> filter(List<String> specs) {
        Map<String, List<String>> byKey = new LinkedHashMap<>();
        for (String f : specs) {
            int eq = f.indexOf('=');
            String key = eq < 0 ? "" : f.substring(0, eq);
            if (!List.of("name", "id", "status", "ancestor", "label").contains(key)) {
                throw new SkiffException("--filter `" + f + "`: use name=, id=, status=, ancestor= or label=");
            }
            byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(f.substring(eq + 1));
        }
        return c -> byKey.entrySet().stream().allMatch(e -> e.getValue().stream().anyMatch(v -> switch (e.getKey()) {
            case "name" -> c.name().contains(v);
            case "id" -> c.id().startsWith(v);
            case "status" -> Containers.status(c).equals(v);
            case "label" -> c.labels().contains(v.contains("=") ? v : v + "=")
                    || (!v.contains("=") && c.labels().stream().anyMatch(l -> l.startsWith(v + "=")));
            default -> c.image().equals(v) || c.imageId().startsWith(v) || c.image().endsWith("/" + v)
                    || c.image().endsWith("/" + v + ":latest");
        }));
    }

    /** "Up 3 seconds ago", "Exited (0) 2 minutes ago", "Created". */
    static String status(ContainerDir c, Instant now) {
        String state = Containers.status(c);
        return switch (state) {
            case "running" -> "Up " + HumanUnits.duration(Duration.between(c.started().orElse(c.created()), now)) + " ago";
            case "created" -> "Created";
            case "paused" -> "Paused";
            default -> c.exit().map(e -> "Exited (" + e.code() + ") "
                    + HumanUnits.duration(Duration.between(e.at(), now)) + " ago").orElse("Exited");
        };
    }
}

package dev.skiff.cli.command.container;

import dev.skiff.oci.json.Json;
import dev.skiff.runtime.SkiffException;
import dev.skiff.runtime.archive.OverlayTrees;
import dev.skiff.runtime.container.ContainerChanges;
import dev.skiff.runtime.container.Containers;
import dev.skiff.runtime.storage.StorePaths;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `skiff diff`: what a container changed in its image's file system. */
@Command(name = "diff", description = "Inspect changes to a container's file system",
        footer = {"", "Each line is A (added), C (changed) or D (deleted) and the path."})
public final class DiffCommand implements Callable<Integer> {
    @Option(names = "--help", usageHelp = true, description = "Show this help and exit")
    boolean help;

    @Option(names = "--format", paramLabel = "FORMAT", description = "json: the changes as one JSON object")
    String format;

    @Parameters(index = "0", paramLabel = "CONTAINER", description = "Name or ID of the container")
    String container;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (format != null && !format.equals("json")) {
            throw new SkiffException("--format " + format + ": diff prints json or, without --format, lines");
        }
        List<OverlayTrees.Change> changes =
                ContainerChanges.diff(new Containers(StorePaths.forCurrentUser()).find(container));
        PrintWriter out = spec.commandLine().getOut();
        if (format == null) {
            changes.forEach(c -> out.println(c.kind() + " " + c.path()));
        } else {
            Map<String, List<String>> byKind = new LinkedHashMap<>();
            for (OverlayTrees.Change c : changes) {
                String key = c.kind() == 'A' ? "added" : c.kind() == 'C' ? "changed" : "deleted";
                byKind.computeIfAbsent(key, k -> new ArrayList<>()).add(c.path());
            }
            out.println(Json.toPrettyString(byKind, 4));
        }
        out.flush();
        return 0;
    }
}

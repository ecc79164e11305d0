package dev.skiff.cli.command.volume;

import dev.skiff.cli.output.Listing;
import dev.skiff.runtime.container.ContainerDir;
import dev.skiff.runtime.container.Containers;
import dev.skiff.runtime.storage.StorePaths;
import dev.skiff.runtime.volume.Volume;
import dev.skiff.runtime.volume.Volumes;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `skiff volume ls`: the volumes, with podman's columns, filters and --format fields. */
@Command(name = "ls", description = "List volumes")
public final class VolumeLsCommand implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit")
    boolean help;

    @Option(names = {"-f", "--filter"}, paramLabel = "FILTER",
            description = "name=, label=KEY[=VALUE], driver=local, dangling=true|false")
    List<String> filters = new ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "Print through a Go template ('{{.Name}} {{.Mountpoint}}'), or 'json'")
    String format;

    @Option(names = {"-q", "--quiet"}, description = "Print only the names")
    boolean quiet;

    @Option(names = {"-n", "--noheading"}, description = "Do not print column headings")
    boolean noHeading;

    @Spec
    CommandSpec spec;

    private static final Listing LISTING = new Listing(Map.of("Name", "VOLUME NAME"), List.of("DRIVER", "VOLUME NAME"),
            List.of("Driver", "Name"));

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        StorePaths paths = StorePaths.forCurrentUser();
        Map<String, List<ContainerDir>> users = new Containers(paths).volumeUsers();
        List<Volume> shown = new Volumes(paths).list().stream().filter(VolumeView.filter(filters, users)).toList();
        if (quiet) {
            shown.forEach(v -> out.println(v.name()));
        } else {
            LISTING.print(out, shown.stream().map(v -> VolumeView.of(v, users)).toList(), format, noHeading);
        }
        out.flush();
        return 0;
    }
}

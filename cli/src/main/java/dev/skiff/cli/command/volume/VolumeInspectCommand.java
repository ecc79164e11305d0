package dev.skiff.cli.command.volume;

import dev.skiff.cli.output.InspectOutput;
import dev.skiff.runtime.container.ContainerDir;
import dev.skiff.runtime.container.Containers;
import dev.skiff.runtime.storage.StorePaths;
import dev.skiff.runtime.volume.Volume;
import dev.skiff.runtime.volume.Volumes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `skiff volume inspect`: podman's JSON of volumes, or a --format template of each. */
@Command(name = "inspect", description = "Display detailed information on one or more volumes")
public final class VolumeInspectCommand implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit")
    boolean help;

    @Option(names = {"-a", "--all"}, description = "Inspect every volume")
    boolean all;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", description = "Print through a Go template, or 'json'")
    String format;

    @Parameters(arity = "0..*", paramLabel = "NAME", description = "Names of volumes")
    List<String> names = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        StorePaths paths = StorePaths.forCurrentUser();
        Volumes volumes = new Volumes(paths);
        Map<String, List<ContainerDir>> users = new Containers(paths).volumeUsers();
        List<Volume> chosen = VolumeView.chosen(volumes, all, names);
        List<Map<String, Object>> views = chosen.stream().map(v -> VolumeView.of(v, users)).toList();
        InspectOutput.print(spec.commandLine().getOut(), views, format);
        return 0;
    }
}

package dev.skiff.cli.command.volume;

import dev.skiff.cli.output.Confirm;
import dev.skiff.runtime.container.ContainerDir;
import dev.skiff.runtime.container.Containers;
import dev.skiff.runtime.storage.StorePaths;
import dev.skiff.runtime.volume.Volume;
import dev.skiff.runtime.volume.Volumes;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `skiff volume prune`: remove every volume no container uses. */
@Command(name = "prune", description = "Remove all unused volumes")
public final class VolumePruneCommand implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit")
    boolean help;

    @Option(names = {"-f", "--force"}, description = "Do not prompt for confirmation")
    boolean force;

    @Option(names = "--filter", paramLabel = "FILTER", description = "name=, label=KEY[=VALUE]: only those volumes")
    List<String> filters = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        StorePaths paths = StorePaths.forCurrentUser();
        Map<String, List<ContainerDir>> users = new Containers(paths).volumeUsers();
        Volumes volumes = new Volumes(paths);
        List<Volume> unused = volumes.list().stream().filter(VolumeView.filter(filters, users))
                .filter(v -> !users.containsKey(v.name())).toList();
        if (!force && !Confirm.ask(out, "WARNING! This will remove all volumes not used by at least one container. "
                + "The following volumes will be removed:\n" + String.join("\n", unused.stream().map(Volume::name).toList()))) {
            return 0;
        }
        for (Volume v : unused) {
            volumes.remove(v);
            out.println(v.name());
        }
        out.flush();
        return 0;
    }
}

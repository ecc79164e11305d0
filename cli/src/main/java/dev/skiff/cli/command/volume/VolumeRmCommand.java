package dev.skiff.cli.command.volume;

import dev.skiff.runtime.SkiffException;
import dev.skiff.runtime.container.ContainerDir;
import dev.skiff.runtime.container.Containers;
import dev.skiff.runtime.storage.StorePaths;
import dev.skiff.runtime.volume.Volume;
import dev.skiff.runtime.volume.Volumes;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `skiff volume rm`: remove volumes no container uses; with --force, those containers first. */
@Command(name = "rm", description = "Remove one or more volumes")
public final class VolumeRmCommand implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit")
    boolean help;

    @Option(names = {"-a", "--all"}, description = "Remove every volume")
    boolean all;

    @Option(names = {"-f", "--force"}, description = "Remove the containers that use the volumes too")
    boolean force;

    @Parameters(arity = "0..*", paramLabel = "NAME", description = "Names of volumes")
    List<String> names = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        StorePaths paths = StorePaths.forCurrentUser();
        Volumes volumes = new Volumes(paths);
        Containers containers = new Containers(paths);
        List<Volume> chosen = VolumeView.chosen(volumes, all, names);
        PrintWriter out = spec.commandLine().getOut();
        for (Volume v : chosen) {
            List<ContainerDir> users = containers.volumeUsers().getOrDefault(v.name(), List.of()); // afresh: --force removes
            if (!users.isEmpty() && !force) {
                throw new SkiffException("volume " + v.name() + " is being used by the following container(s): "
                        + String.join(", ", users.stream().map(c -> c.name() + " (" + c.id() + ")").toList())
                        + ": volume is being used (remove them first, or give --force)", Containers.EXIT_STATE_IMPROPER, null);
            }
            users.forEach(c -> containers.remove(c, true));
            volumes.remove(v);
            out.println(v.name());
        }
        out.flush();
        return 0;
    }
}

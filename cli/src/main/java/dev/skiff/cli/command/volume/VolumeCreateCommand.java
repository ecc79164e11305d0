package dev.skiff.cli.command.volume;

import dev.skiff.runtime.SkiffException;
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

/** `skiff volume create`: a named volume, printed by name. */
@Command(name = "create", description = "Create a new volume")
public final class VolumeCreateCommand implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit")
    boolean help;

    @Option(names = {"-d", "--driver"}, paramLabel = "DRIVER", description = "Volume driver (only local)")
    String driver = "local";

    @Option(names = {"-l", "--label"}, paramLabel = "KEY=VALUE", description = "Set a label on the volume")
    List<String> labels = new ArrayList<>();

    @Option(names = {"-o", "--opt"}, paramLabel = "KEY=VALUE",
            description = "Driver option: type=tmpfs with o=size=..., device=...")
    List<String> options = new ArrayList<>();

    @Option(names = "--ignore", description = "Do nothing, and succeed, when the volume exists")
    boolean ignore;

    @Parameters(arity = "0..1", paramLabel = "NAME", description = "Name of the volume (default: a random one)")
    String name;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (!driver.equals("local")) {
            throw new SkiffException("--driver " + driver + ": skiff has the local driver only");
        }
        Volume v = new Volumes(StorePaths.forCurrentUser()).create(name == null ? Volumes.anonymousName() : name,
                labels, options, false, ignore);
        PrintWriter out = spec.commandLine().getOut();
        out.println(v.name());
        out.flush();
        return 0;
    }
}

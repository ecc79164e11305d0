package dev.skiff.cli.command.container;

import dev.skiff.runtime.container.ContainerMounts;
import dev.skiff.runtime.container.Containers;
import dev.skiff.runtime.storage.StorePaths;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `skiff unmount`: undoes `skiff mount`. */
@Command(name = "unmount", description = "Unmount a container's root file system",
        footer = {"", "Like `skiff mount`, it runs inside `skiff unshare`. Prints the ID of each container unmounted."})
public final class UnmountCommand implements Callable<Integer> {
    @Option(names = "--help", usageHelp = true, description = "Show this help and exit")
    boolean help;

    @Option(names = {"-a", "--all"}, description = "Unmount every mounted container")
    boolean all;

    @Option(names = {"-f", "--force"}, description = "Accepted for podman's scripts: skiff keeps no mount count")
    boolean force;

    @Parameters(paramLabel = "CONTAINER", arity = "0..*", description = "Names or IDs of the containers")
    List<String> containers = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        MountCommand.requireUnshare("unmount");
        Containers store = new Containers(StorePaths.forCurrentUser());
        PrintWriter out = spec.commandLine().getOut();
        for (Targets.Target t : Targets.resolve(store, all, ContainerMounts::mounted, containers, false)) {
            ContainerMounts.unmount(t.dir());
            out.println(t.dir().id());
        }
        out.flush();
        return 0;
    }
}

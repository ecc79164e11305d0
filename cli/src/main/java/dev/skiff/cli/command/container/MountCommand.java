package dev.skiff.cli.command.container;

import dev.skiff.oci.json.Json;
import dev.skiff.runtime.SkiffException;
import dev.skiff.runtime.container.ContainerDir;
import dev.skiff.runtime.container.ContainerMounts;
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

/** `skiff mount`: a container's file system mounted where the caller's shell can read and change it. */
@Command(name = "mount", description = "Mount a container's root file system",
        footer = {"",
                "Rootless mounts live in a mount namespace of skiff's: run `skiff unshare` and then",
                "`skiff mount` in its shell, where the path printed is usable until `skiff unmount`",
                "or the end of that shell. Without CONTAINER, lists the containers mounted there."})
public final class MountCommand implements Callable<Integer> {
    @Option(names = "--help", usageHelp = true, description = "Show this help and exit")
    boolean help;

    @Option(names = {"-a", "--all"}, description = "Mount every container")
    boolean all;

    @Option(names = "--format", paramLabel = "FORMAT", description = "json: the mounts as a JSON array")
    String format;

    @Option(names = {"--no-trunc", "--notruncate"}, description = "Print full container IDs")
    boolean noTrunc;

    @Parameters(paramLabel = "CONTAINER", arity = "0..*", description = "Names or IDs of the containers")
    List<String> containers = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (format != null && !format.equals("json")) {
            throw new SkiffException("--format " + format + ": mount prints json or, without --format, lines");
        }
        requireUnshare("mount");
        StorePaths paths = StorePaths.forCurrentUser();
        Containers store = new Containers(paths);
        PrintWriter out = spec.commandLine().getOut();
        List<ContainerDir> mounted = new ArrayList<>();
        if (all || !containers.isEmpty()) {
            for (Targets.Target t : Targets.resolve(store, all, c -> true, containers, false)) {
                ContainerMounts.mount(t.dir(), paths);
                mounted.add(t.dir());
            }
            if (format == null) {
                mounted.forEach(c -> out.println(c.rootfs()));
                out.flush();
                return 0;
            }
        } else {
            store.list().stream().filter(ContainerMounts::mounted).forEach(mounted::add);
        }
        if (format != null) {
            List<Map<String, Object>> json = new ArrayList<>();
            for (ContainerDir c : mounted) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", c.id());
                m.put("Names", List.of(c.name()));
                m.put("mountpoint", c.rootfs().toString());
                json.add(m);
            }
            out.println(Json.toPrettyString(json, 4));
        } else {
            mounted.forEach(c -> out.println((noTrunc ? c.id() : c.id().substring(0, 12)) + "  " + c.rootfs()));
        }
        out.flush();
        return 0;
    }

    /** Refuses a mount command outside `skiff unshare`, where its mount would vanish with the command. */
    static void requireUnshare(String command) {
        if (!ContainerMounts.inUnshare()) {
            throw new SkiffException(command + ": rootless mounts are only seen inside `skiff unshare`: run "
                    + "`skiff unshare` first and `skiff " + command + "` in its shell");
        }
    }
}

package dev.skiff.cli.command.system;

import dev.skiff.cli.command.VersionCommand;
import dev.skiff.cli.output.GoTemplate;
import dev.skiff.oci.json.Json;
import dev.skiff.runtime.SkiffException;
import dev.skiff.runtime.cgroup.CgroupHost;
import dev.skiff.runtime.container.ContainerDir;
import dev.skiff.runtime.container.Containers;
import dev.skiff.runtime.container.IdMap;
import dev.skiff.runtime.image.ImageStore;
import dev.skiff.runtime.storage.StorePaths;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `skiff info`: the host as skiff sees it (cgroups, id mappings, helpers) and its store. */
@Command(name = "info", description = "Display skiff's view of the host and its store",
        footer = {"", "--format takes json or a Go template over podman's field names, e.g. '{{.Host.CgroupsVersion}}'."})
public final class InfoCommand implements Callable<Integer> {
    @Option(names = "--help", usageHelp = true, description = "Show this help and exit")
    boolean help;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", description = "json, or a Go template")
    String format;

    @Spec
    CommandSpec spec;

    /** One entry, under podman's JSON key and its Go field name (which templates use). */
    private record Field(String json, String go, Object value) {}

    @Override
    public Integer call() {
        List<Field> info = info();
        PrintWriter out = spec.commandLine().getOut();
        if (format == null) {
            yaml(out, info, "");
        } else if (format.equals("json")) {
            out.println(Json.toPrettyString(tree(info, false), 4));
        } else {
            out.println(new GoTemplate(format).render(Json.mapper().valueToTree(tree(info, true))));
        }
        out.flush();
        return 0;
    }

    private static List<Field> info() {
        StorePaths paths = StorePaths.forCurrentUser();
        CgroupHost cg = CgroupHost.probe();
        List<ContainerDir> containers = new Containers(paths).list();
        long running = containers.stream().filter(ContainerDir::running).count();
        IdMap ids;
        try {
            ids = IdMap.ofSelf();
        } catch (IOException e) {
            throw new SkiffException("read skiff's id mappings: " + e.getMessage(), e);
        }
        List<Field> host = new ArrayList<>(List.of(
                new Field("arch", "Arch", arch()),
                new Field("cgroupControllers", "CgroupControllers", cg.availableControllers()),
                new Field("cgroupManager", "CgroupManager", cg.manager()),
                new Field("cgroupVersion", "CgroupsVersion", cg.version().equals("v2") ? "v2" : "v1"),
                new Field("cgroupHierarchy", "CgroupHierarchy", cg.version()
                        + (cg.unified() != null ? " (cgroup2 at " + cg.unified() + ")" : "")),
                new Field("cgroupPath", "CgroupPath", cg.ownPath()),
                new Field("cgroupDelegated", "CgroupDelegated", cg.delegated()),
                new Field("hostname", "Hostname", hostname()),
                new Field("idMappings", "IDMappings", List.of(
                        new Field("gidmap", "GIDMap", mappings(ids.gidRanges())),
                        new Field("uidmap", "UIDMap", mappings(ids.uidRanges())))),
                new Field("kernel", "Kernel", System.getProperty("os.version")),
                new Field("os", "OS", "linux"),
                new Field("pasta", "Pasta", helper("pasta")),
                new Field("slirp4netns", "Slirp4NetNS", helper("slirp4netns")),
                new Field("security", "Security", List.of(
                        new Field("rootless", "Rootless", System.getenv("SKIFF_HOST_UID") != null),
                        new Field("seccompEnabled", "SECCOMPEnabled", true),
                        new Field("seccompProfilePath", "SECCOMPProfilePath", "(built in: podman's default)")))));
        List<Field> store = List.of(
                new Field("containerStore", "ContainerStore", List.of(
                        new Field("number", "Number", containers.size()),
                        new Field("paused", "Paused", 0),
                        new Field("running", "Running", running),
                        new Field("stopped", "Stopped", containers.size() - running))),
                new Field("graphDriverName", "GraphDriverName", "overlay"),
                new Field("graphRoot", "GraphRoot", paths.root().toString()),
                new Field("imageStore", "ImageStore", List.of(
                        new Field("number", "Number", new ImageStore(paths).list().size()))),
                new Field("runRoot", "RunRoot", paths.runDir().toString()));
        List<Field> version = List.of(
                new Field("Version", "Version", VersionCommand.VERSION),
                new Field("JavaVersion", "JavaVersion", Runtime.version().toString()),
                new Field("OsArch", "OsArch", "linux/" + arch()));
        return List.of(new Field("host", "Host", host), new Field("store", "Store", store),
                new Field("version", "Version", version));
    }

    private static List<List<Field>> mappings(List<IdMap.Range> ranges) {
        return ranges.stream().map(r -> List.of(new Field("container_id", "ContainerID", r.inside()),
                new Field("host_id", "HostID", r.outside()), new Field("size", "Size", r.count()))).toList();
    }

    /** A network helper: its executable, or null when it is not installed. */
    private static List<Field> helper(String name) {
        return List.of(new Field("executable", "Executable",
                dev.skiff.runtime.sys.Executables.find(name).map(Path::toString).orElse("")));
    }

    private static String arch() {
        String a = System.getProperty("os.arch");
        return a.equals("x86_64") || a.equals("amd64") ? "amd64" : a.equals("aarch64") ? "arm64" : a;
    }

    private static String hostname() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException e) {
            return "";
        }
    }

    /** The fields as nested maps, keyed by their Go names (for templates) or JSON keys. */
    @SuppressWarnings("unchecked")
    private static Object tree(Object value, boolean goNames) {
        if (value instanceof List<?> list && !list.isEmpty() && list.getFirst() instanceof Field) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (Field f : (List<Field>) list) {
                m.put(goNames ? f.go() : f.json(), tree(f.value(), goNames));
            }
            return m;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(v -> tree(v, goNames)).toList();
        }
        return value;
    }

    /** podman's default output: YAML, two spaces per level. */
    @SuppressWarnings("unchecked")
    private static void yaml(PrintWriter out, List<Field> fields, String indent) {
        for (Field f : fields) {
            Object v = f.value();
            if (v instanceof List<?> list && !list.isEmpty() && list.getFirst() instanceof Field) {
                out.println(indent + f.json() + ":");
                yaml(out, (List<Field>) list, indent + "  ");
            } else if (v instanceof List<?> list && !list.isEmpty() && list.getFirst() instanceof List<?>) {
                out.println(indent + f.json() + ":");
                for (Object item : list) {
                    List<Field> entry = (List<Field>) item;
                    for (int i = 0; i < entry.size(); i++) {
                        out.println(indent + (i == 0 ? "- " : "  ") + entry.get(i).json() + ": " + scalar(entry.get(i).value()));
                    }
                }
            } else if (v instanceof List<?> list) {
                out.println(indent + f.json() + ":" + (list.isEmpty() ? " []" : ""));
                list.forEach(item -> out.println(indent + "- " + item));
            } else {
                out.println(indent + f.json() + ": " + scalar(v));
            }
        }
    }

    private static String scalar(Object v) {
        String s = String.valueOf(v);
        return s.isEmpty() ? "\"\"" : s.contains(": ") || s.startsWith("(") ? "'" + s.replace("'", "''") + "'" : s;
    }
}

package dev.skiff.cli.command.pod;

import dev.skiff.cli.output.InspectOutput;
import dev.skiff.runtime.container.ContainerDir;
import dev.skiff.runtime.container.Containers;
import dev.skiff.runtime.container.Pod;
import dev.skiff.runtime.container.Pods;
import dev.skiff.runtime.image.ImageStore;
import dev.skiff.runtime.storage.StorePaths;
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

/** `skiff pod inspect`: podman's JSON of pods, or a --format template of each. */
@Command(name = "inspect", description = "Display detailed information on one or more pods")
public final class PodInspectCommand implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit")
    boolean help;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", description = "Print through a Go template, or 'json'")
    String format;

    @Parameters(arity = "1..*", paramLabel = "POD", description = "Names or IDs of pods")
    List<String> names = new ArrayList<>();

    @Spec
    CommandSpec spec;

    /** The pod's containers as podman lists them: Id, and the name and state under NAME_KEY and STATE_KEY. */
    static List<Map<String, Object>> members(List<ContainerDir> members, String nameKey, String stateKey) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ContainerDir c : members) {
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("Id", c.id());
            cm.put(nameKey, c.name());
            cm.put(stateKey, Containers.status(c));
            out.add(cm);
        }
        return out;
    }

    @Override
    public Integer call() {
        StorePaths paths = StorePaths.forCurrentUser();
        Pods pods = new Pods(paths, new ImageStore(paths));
        List<Map<String, Object>> views = new ArrayList<>();
        for (String name : names) {
            Pod pod = pods.find(name);
            List<ContainerDir> members = pods.containers(pod);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("Id", pod.id());
            m.put("Name", pod.name());
            m.put("Created", pod.created().toString());
            m.put("State", Pods.status(members));
            m.put("Hostname", pod.name());
            Map<String, String> labels = new LinkedHashMap<>();
            pod.labels().forEach(l -> labels.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
            m.put("Labels", labels);
            m.put("CreateInfra", true);
            m.put("InfraContainerID", pod.infraId());
            m.put("SharedNamespaces", List.of("ipc", "net", "uts"));
            m.put("NumContainers", members.size());
            m.put("Containers", members(members, "Name", "State"));
            views.add(m);
        }
        InspectOutput.print(spec.commandLine().getOut(), views, format);
        return 0;
    }
}

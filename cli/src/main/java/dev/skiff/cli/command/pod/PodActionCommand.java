package dev.skiff.cli.command.pod;

import dev.skiff.runtime.container.Pod;
import dev.skiff.runtime.container.Pods;
import dev.skiff.runtime.image.ImageStore;
import dev.skiff.runtime.storage.StorePaths;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** start, stop, restart, kill and rm of pods: each pod's id printed once done. */
abstract class PodActionCommand implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit")
    boolean help;

    @Option(names = {"-a", "--all"}, description = "Every pod")
    boolean all;

    @Parameters(arity = "0..*", paramLabel = "POD", description = "Names or IDs of pods")
    List<String> names = new ArrayList<>();

    @Spec
    CommandSpec spec;

    /** Does the command to POD. */
    abstract void act(Pods pods, Pod pod);

    @Override
    public Integer call() {
        StorePaths paths = StorePaths.forCurrentUser();
        Pods pods = new Pods(paths, new ImageStore(paths));
        PrintWriter out = spec.commandLine().getOut();
        for (Pod pod : PodTargets.resolve(pods, all, names)) {
            act(pods, pod);
            out.println(pod.id());
        }
        out.flush();
        return 0;
    }
}

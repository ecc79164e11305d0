package dev.skiff.cli.command.pod;

import dev.skiff.runtime.SkiffException;
import dev.skiff.runtime.container.Pod;
import dev.skiff.runtime.container.Pods;
import java.util.List;

/** The pods a command acts on: those named, or with --all every one. */
final class PodTargets {
    private PodTargets() {}

    static List<Pod> resolve(Pods pods, boolean all, List<String> names) {
        if (all == !names.isEmpty()) {
            throw new SkiffException(all ? "--all and pod names cannot be given together" : "give pod names or IDs, or --all");
        }
        return all ? pods.list() : names.stream().map(pods::find).toList();
    }
}

package dev.skiff.cli.command.pod;

import dev.skiff.runtime.container.Pod;
import dev.skiff.runtime.container.Pods;
import picocli.CommandLine.Command;

/** `skiff pod start`: the infra container, then every container of the pod. */
@Command(name = "start", description = "Start one or more pods")
public final class PodStartCommand extends PodActionCommand {
    @Override
    void act(Pods pods, Pod pod) {
        pods.start(pod);
    }
}

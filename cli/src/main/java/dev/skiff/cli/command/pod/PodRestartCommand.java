package dev.skiff.cli.command.pod;

import dev.skiff.runtime.container.Pod;
import dev.skiff.runtime.container.Pods;
import picocli.CommandLine.Command;

/** `skiff pod restart`: stopped, then started again. */
@Command(name = "restart", description = "Restart one or more pods")
public final class PodRestartCommand extends PodActionCommand {
    @Override
    void act(Pods pods, Pod pod) {
        pods.stop(pod, null);
        pods.start(pod);
    }
}

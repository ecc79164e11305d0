package dev.skiff.cli.command.pod;

import dev.skiff.runtime.container.Pod;
import dev.skiff.runtime.container.Pods;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `skiff pod rm`: the pod and its containers; running ones only with --force. */
@Command(name = "rm", description = "Remove one or more pods")
public final class PodRmCommand extends PodActionCommand {
    @Option(names = {"-f", "--force"}, description = "Kill and remove running containers of the pod too")
    boolean force;

    @Override
    void act(Pods pods, Pod pod) {
        pods.remove(pod, force);
    }
}

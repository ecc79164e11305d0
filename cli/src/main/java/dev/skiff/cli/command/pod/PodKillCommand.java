package dev.skiff.cli.command.pod;

import dev.skiff.runtime.container.Pod;
import dev.skiff.runtime.container.Pods;
import dev.skiff.runtime.container.Signals;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `skiff pod kill`: a signal to every running container of the pod. */
@Command(name = "kill", description = "Send a signal to the containers of one or more pods")
public final class PodKillCommand extends PodActionCommand {
    @Option(names = {"-s", "--signal"}, paramLabel = "SIGNAL", description = "Signal to send (default KILL)")
    String signal = "KILL";

    @Override
    void act(Pods pods, Pod pod) {
        pods.kill(pod, Signals.parse(signal));
    }
}

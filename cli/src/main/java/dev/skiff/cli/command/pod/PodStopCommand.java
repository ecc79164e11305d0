package dev.skiff.cli.command.pod;

import dev.skiff.runtime.container.Pod;
import dev.skiff.runtime.container.Pods;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `skiff pod stop`: every container of the pod, the infra container last. */
@Command(name = "stop", description = "Stop one or more pods")
public final class PodStopCommand extends PodActionCommand {
    @Option(names = {"-t", "--time"}, paramLabel = "SECONDS",
            description = "Seconds to wait for each container to stop before killing it (default: its own stop timeout)")
    Integer seconds;

    @Override
    void act(Pods pods, Pod pod) {
        pods.stop(pod, seconds == null ? null : Duration.ofSeconds(Math.max(0, seconds)));
    }
}

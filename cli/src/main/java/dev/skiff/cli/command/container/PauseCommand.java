package dev.skiff.cli.command.container;

import picocli.CommandLine.Command;

/** `skiff pause`: freezes every process of containers (cgroup.freeze). */
@Command(name = "pause", description = "Pause all the processes in one or more containers")
public final class PauseCommand extends FreezeCommand {
    public PauseCommand() {
        super(true);
    }
}

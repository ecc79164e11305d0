package dev.skiff.cli.command.container;

import picocli.CommandLine.Command;

/** `skiff unpause`: thaws paused containers. */
@Command(name = "unpause", description = "Unpause the processes in one or more containers")
public final class UnpauseCommand extends FreezeCommand {
    public UnpauseCommand() {
        super(false);
    }
}

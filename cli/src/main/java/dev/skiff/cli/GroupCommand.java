package dev.skiff.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** A group of commands (`skiff image`, `skiff container`): without a subcommand it lists them. */
public final class GroupCommand implements Callable<Integer>, CodedCommand {
    private final CommandSpec spec = CommandSpec.wrapWithoutInspection(this);

    GroupCommand(String name, String description) {
        spec.name(name);
        spec.usageMessage()
                .description(description)
                .synopsisSubcommandLabel("COMMAND")
                .commandListHeading("%nAvailable Commands:%n");
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("Show this help and exit").build());
    }

    @Override
    public CommandSpec spec() {
        return spec;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }
}

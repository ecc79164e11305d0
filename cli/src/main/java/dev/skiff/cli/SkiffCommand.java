package dev.skiff.cli;

import dev.skiff.cli.command.VersionCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** The root `skiff` command: without a subcommand it prints the usage. */
public final class SkiffCommand implements Callable<Integer>, CodedCommand {
    private final CommandSpec spec = CommandSpec.wrapWithoutInspection(this);

    public SkiffCommand() {
        spec.name("skiff");
        spec.version("skiff version " + VersionCommand.VERSION);
        spec.usageMessage()
                .description("Manage pods, containers and images, daemonless and rootless.")
                .synopsisSubcommandLabel("COMMAND")
                .commandListHeading("%nAvailable Commands:%n")
                .optionListHeading("%nOptions:%n")
                .footer("", "Run 'skiff COMMAND --help' for more information on a command.");
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
                .description("Show this help message and exit.").build());
        spec.addOption(OptionSpec.builder("-V", "--version").versionHelp(true)
                .description("Print version information and exit.").build());
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

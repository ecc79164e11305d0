package dev.skiff.cli;

import dev.skiff.cli.command.VersionCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The root `skiff` command: without a subcommand it prints the usage. */
@Command(name = "skiff",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        description = {"Manage pods, containers and images, daemonless and rootless."},
        synopsisSubcommandLabel = "COMMAND",
        commandListHeading = "%nAvailable Commands:%n",
        optionListHeading = "%nOptions:%n",
        footer = {"", "Run 'skiff COMMAND --help' for more information on a command."})
public final class SkiffCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }
}

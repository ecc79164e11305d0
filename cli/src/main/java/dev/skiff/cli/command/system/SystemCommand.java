package dev.skiff.cli.command.system;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `skiff system`: commands about skiff's storage as a whole; without a subcommand it prints their list. */
@Command(name = "system",
        description = "Manage skiff",
        synopsisSubcommandLabel = "COMMAND",
        commandListHeading = "%nAvailable Commands:%n")
public final class SystemCommand implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit")
    boolean help;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }
}

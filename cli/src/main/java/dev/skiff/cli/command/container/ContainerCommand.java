package dev.skiff.cli.command.container;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `skiff container`: the group of container commands. */
@Command(name = "container", description = "Manage containers", synopsisSubcommandLabel = "COMMAND",
        commandListHeading = "%nAvailable Commands:%n")
public final class ContainerCommand implements Callable<Integer> {
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

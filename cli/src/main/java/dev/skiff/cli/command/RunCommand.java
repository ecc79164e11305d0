package dev.skiff.cli.command;

import static dev.skiff.cli.Options.flag;

import dev.skiff.cli.CodedCommand;
import dev.skiff.cli.StopsAtPositional;
import dev.skiff.runtime.container.ContainerRunner;
import dev.skiff.runtime.image.ImageStore;
import dev.skiff.runtime.storage.StorePaths;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/** `skiff run`: create a container from an image and run a command in it. */
public final class RunCommand implements Callable<Integer>, StopsAtPositional, CodedCommand {
    private final CommandSpec spec = CommandSpec.wrapWithoutInspection(this);

    public RunCommand() {
        spec.name("run");
        spec.usageMessage()
                .description("Run a command in a new container")
                .customSynopsis("skiff run [options] IMAGE [COMMAND [ARG...]]")
                .synopsisHeading("Usage: ")
                .optionListHeading("%nOptions:%n")
                .sortOptions(true);
        ContainerSpecOptions.addTo(spec);
        spec.addOption(flag("Run the container in the background and print its ID", "-d", "--detach"));
    }

    @Override
    public CommandSpec spec() {
        return spec;
    }

    @Override
    public Integer call() {
        ParseResult pr = spec.commandLine().getParseResult();
        StorePaths paths = StorePaths.forCurrentUser();
        List<String> scope = ContainerSpecOptions.prepare(pr, paths, spec.commandLine().getErr());
        return new ContainerRunner(paths, new ImageStore(paths))
                .run(ContainerSpecOptions.read(pr, pr.matchedOptionValue("--detach", false), scope), System.out);
    }
}

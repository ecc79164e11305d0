package dev.skiff.cli.command;

import dev.skiff.cli.CodedCommand;
import dev.skiff.cli.StopsAtPositional;
import dev.skiff.runtime.container.ContainerRunner;
import dev.skiff.runtime.image.ImageStore;
import dev.skiff.runtime.storage.StorePaths;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/** `skiff create`: create a container without starting it; `skiff start` runs it. */
public final class CreateCommand implements Callable<Integer>, StopsAtPositional, CodedCommand {
    private final CommandSpec spec = CommandSpec.wrapWithoutInspection(this);

    public CreateCommand() {
        spec.name("create");
        spec.usageMessage()
                .description("Create but do not start a container")
                .customSynopsis("skiff create [options] IMAGE [COMMAND [ARG...]]")
                .synopsisHeading("Usage: ")
                .optionListHeading("%nOptions:%n")
                .sortOptions(true);
        ContainerSpecOptions.addTo(spec);
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
        String id = new ContainerRunner(paths, new ImageStore(paths)).create(ContainerSpecOptions.read(pr, false, scope)).id();
        System.out.println(id);
        return 0;
    }
}

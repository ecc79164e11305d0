package dev.skiff.cli.command;

import static dev.skiff.cli.Options.flag;
import static dev.skiff.cli.Options.help;
import static dev.skiff.cli.Options.positional;
import static dev.skiff.cli.Options.repeated;
import static dev.skiff.cli.Options.value;

import dev.skiff.cli.CodedCommand;
import dev.skiff.cli.StopsAtPositional;
import dev.skiff.cli.command.registry.RunPull;
import dev.skiff.runtime.container.ContainerRunner;
import dev.skiff.runtime.container.RunOptions;
import dev.skiff.runtime.image.ImageStore;
import dev.skiff.runtime.storage.StorePaths;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
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
        spec.addOption(help("--help"));
        spec.addOption(flag("Remove the container when it exits", "--rm"));
        spec.addOption(flag("Run the container in the background and print its ID", "-d", "--detach"));
        spec.addOption(flag("Keep STDIN open and pass it to the container", "-i", "--interactive"));
        spec.addOption(repeated("KEY[=VALUE]", "Set an environment variable; KEY alone passes the caller's value",
                "-e", "--env"));
        spec.addOption(repeated("FILE", "Read environment variables from a file of KEY=VALUE lines", "--env-file"));
        spec.addOption(value("DIR", "Working directory inside the container", "-w", "--workdir"));
        spec.addOption(value("USER[:GROUP]", "Run as this user: a name or uid, optionally with a group name or gid",
                "-u", "--user"));
        spec.addOption(value("CMD", "Override the image's entrypoint: a command, or a JSON array of strings",
                "--entrypoint"));
        spec.addOption(value("NAME", "Container host name (default: the short id)", "-h", "--hostname"));
        spec.addOption(value("NAME", "Name the container", "--name"));
        spec.addOption(value("POLICY", "Pull the image: missing (default), always, never or newer", "--pull"));
        spec.addOption(OptionSpec.builder("--tls-verify").arity("0..1").fallbackValue("true").type(String.class)
                .paramLabel("BOOL").description("Require HTTPS and verified certificates when pulling").build());
        spec.addOption(value("USER:PASS", "Credentials for the registry when pulling", "--creds"));
        spec.addOption(value("FILE", "Path of the authentication file when pulling", "--authfile"));
        spec.addPositional(positional("0", "IMAGE", "Image name or id"));
        spec.addPositional(positional("1..*", "COMMAND", "Command and arguments (default: the image's)"));
    }

    @Override
    public CommandSpec spec() {
        return spec;
    }

    @Override
    public Integer call() {
        ParseResult pr = spec.commandLine().getParseResult();
        String image = pr.matchedPositionalValue(0, null);
        List<String> command = pr.matchedPositionalValue(1, List.of());
        List<String> envFiles = pr.matchedOptionValue("--env-file", List.of());
        RunOptions options = new RunOptions(image, command,
                Optional.ofNullable(pr.matchedOptionValue("--entrypoint", null)),
                pr.matchedOptionValue("--env", List.of()),
                envFiles.stream().map(Path::of).toList(),
                Optional.ofNullable(pr.matchedOptionValue("--workdir", null)),
                Optional.ofNullable(pr.matchedOptionValue("--user", null)),
                Optional.ofNullable(pr.matchedOptionValue("--hostname", null)),
                Optional.ofNullable(pr.matchedOptionValue("--name", null)),
                pr.matchedOptionValue("--interactive", false),
                pr.matchedOptionValue("--rm", false),
                pr.matchedOptionValue("--detach", false));
        StorePaths paths = StorePaths.forCurrentUser();
        RunPull.apply(paths, image, pr.matchedOptionValue("--pull", null), pr.matchedOptionValue("--tls-verify", null),
                pr.matchedOptionValue("--creds", null), pr.matchedOptionValue("--authfile", null), spec.commandLine().getErr());
        return new ContainerRunner(paths, new ImageStore(paths)).run(options, System.out);
    }
}

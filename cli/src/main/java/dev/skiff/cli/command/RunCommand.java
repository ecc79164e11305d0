package dev.skiff.cli.command;

import dev.skiff.cli.StopsAtPositional;
import dev.skiff.runtime.container.ContainerRunner;
import dev.skiff.runtime.container.RunOptions;
import dev.skiff.runtime.image.ImageStore;
import dev.skiff.runtime.storage.StorePaths;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `skiff run`: create a container from an image and run a command in it. */
@Command(name = "run",
        description = "Run a command in a new container",
        synopsisHeading = "Usage: ",
        customSynopsis = "skiff run [options] IMAGE [COMMAND [ARG...]]",
        optionListHeading = "%nOptions:%n",
        sortOptions = true)
public final class RunCommand implements Callable<Integer>, StopsAtPositional {
    @Option(names = "--help", usageHelp = true, description = "Show this help and exit")
    boolean help;

    @Option(names = "--rm", description = "Remove the container when it exits")
    boolean remove;

    @Option(names = {"-i", "--interactive"}, description = "Keep STDIN open and pass it to the container")
    boolean interactive;

    @Option(names = {"-e", "--env"}, paramLabel = "KEY[=VALUE]",
            description = "Set an environment variable; KEY alone passes the caller's value")
    List<String> env = new ArrayList<>();

    @Option(names = "--env-file", paramLabel = "FILE", description = "Read environment variables from a file of KEY=VALUE lines")
    List<Path> envFiles = new ArrayList<>();

    @Option(names = {"-w", "--workdir"}, paramLabel = "DIR", description = "Working directory inside the container")
    String workdir;

    @Option(names = {"-u", "--user"}, paramLabel = "USER[:GROUP]",
            description = "Run as this user: a name or uid, optionally with a group name or gid")
    String user;

    @Option(names = "--entrypoint", paramLabel = "CMD",
            description = "Override the image's entrypoint: a command, or a JSON array of strings")
    String entrypoint;

    @Option(names = {"-h", "--hostname"}, paramLabel = "NAME", description = "Container host name (default: the short id)")
    String hostname;

    @Option(names = "--name", paramLabel = "NAME", description = "Name the container")
    String name;

    @Parameters(index = "0", paramLabel = "IMAGE", description = "Image name or id")
    String image;

    @Parameters(index = "1..*", paramLabel = "COMMAND", description = "Command and arguments (default: the image's)")
    List<String> command = new ArrayList<>();

    @Override
    public Integer call() {
        StorePaths paths = StorePaths.forCurrentUser();
        RunOptions options = new RunOptions(image, command, Optional.ofNullable(entrypoint), env, envFiles,
                Optional.ofNullable(workdir), Optional.ofNullable(user), Optional.ofNullable(hostname),
                Optional.ofNullable(name), interactive, remove);
        return new ContainerRunner(paths, new ImageStore(paths)).runForeground(options);
    }
}

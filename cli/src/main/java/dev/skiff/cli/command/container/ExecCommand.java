package dev.skiff.cli.command.container;

import dev.skiff.cli.StopsAtPositional;
import dev.skiff.runtime.container.ContainerExec;
import dev.skiff.runtime.container.Containers;
import dev.skiff.runtime.container.ExecOptions;
import dev.skiff.runtime.storage.StorePaths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `skiff exec`: run a command in a running container, in all of its namespaces. */
@Command(name = "exec", description = "Run a process in a running container",
        customSynopsis = "skiff exec [options] CONTAINER COMMAND [ARG...]")
public final class ExecCommand implements Callable<Integer>, StopsAtPositional {
    @Option(names = "--help", usageHelp = true, description = "Show this help and exit")
    boolean help;

    @Option(names = {"-i", "--interactive"}, description = "Keep STDIN open and pass it to the process")
    boolean interactive;

    @Option(names = {"-t", "--tty"}, description = "Give the process a pseudo-terminal")
    boolean tty;

    @Option(names = "--privileged", description = "Give the process every capability")
    boolean privileged;

    @Option(names = {"-e", "--env"}, paramLabel = "KEY[=VALUE]",
            description = "Set an environment variable; KEY alone passes the caller's value")
    List<String> env = new ArrayList<>();

    @Option(names = {"-u", "--user"}, paramLabel = "USER[:GROUP]", description = "Run as this user (default: the container's)")
    String user;

    @Option(names = {"-w", "--workdir"}, paramLabel = "DIR", description = "Working directory (default: the container's)")
    String workdir;

    @Parameters(index = "0", paramLabel = "CONTAINER", description = "Name or ID of the container")
    String container;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "COMMAND", description = "Command and arguments")
    List<String> command = new ArrayList<>();

    @Override
    public Integer call() {
        Containers containers = new Containers(StorePaths.forCurrentUser());
        return ContainerExec.exec(containers.find(container),
                new ExecOptions(command, env, Optional.ofNullable(user), Optional.ofNullable(workdir), interactive,
                        tty, privileged));
    }
}

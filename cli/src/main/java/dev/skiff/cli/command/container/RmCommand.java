package dev.skiff.cli.command.container;

import dev.skiff.runtime.SkiffException;
import dev.skiff.runtime.container.Containers;
import dev.skiff.runtime.storage.StorePaths;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `skiff rm`: remove containers; running ones only with --force. */
@Command(name = "rm", description = "Remove one or more containers")
public final class RmCommand implements Callable<Integer> {
    @Option(names = "--help", usageHelp = true, description = "Show this help and exit")
    boolean help;

    @Option(names = {"-f", "--force"}, description = "Kill and remove running containers too")
    boolean force;

    @Option(names = {"-a", "--all"}, description = "Remove all containers")
    boolean all;

    @Option(names = {"-v", "--volumes"}, description = "Remove the container's anonymous volumes too")
    boolean volumes;

    @Option(names = {"-i", "--ignore"}, description = "Ignore names and IDs that match no container")
    boolean ignore;

    @Option(names = {"-t", "--time"}, paramLabel = "SECONDS",
            description = "With --force, seconds to wait for a running container to stop before killing it "
                    + "(default: kill it at once)")
    Integer seconds;

    @Parameters(arity = "0..*", paramLabel = "CONTAINER", description = "Names or IDs of containers")
    List<String> names = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Containers containers = new Containers(StorePaths.forCurrentUser());
        for (Targets.Target t : Targets.resolve(containers, all, c -> !all || !c.podInfra(), names, ignore)) {
            if (t.dir().podInfra()) {
                throw new SkiffException("container " + t.dir().name() + " is the infra container of pod "
                        + t.dir().pod().substring(0, 12) + ": remove the pod with skiff pod rm");
            }
            containers.remove(t.dir(), force, seconds == null ? null : Targets.timeout(seconds, t.dir()), volumes);
            out.println(t.label());
        }
        out.flush();
        return 0;
    }
}

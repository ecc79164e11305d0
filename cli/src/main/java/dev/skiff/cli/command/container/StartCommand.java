package dev.skiff.cli.command.container;

import dev.skiff.runtime.SkiffException;
import dev.skiff.runtime.container.ContainerRunner;
import dev.skiff.runtime.container.Containers;
import dev.skiff.runtime.image.ImageStore;
import dev.skiff.runtime.storage.StorePaths;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `skiff start`: start created or stopped containers in the background. */
@Command(name = "start", description = "Start one or more containers")
public final class StartCommand implements Callable<Integer> {
    @Option(names = "--help", usageHelp = true, description = "Show this help and exit")
    boolean help;

    @Option(names = "--all", description = "Start all containers that do not run")
    boolean all;

    @Option(names = {"-a", "--attach"}, description = "Stay attached to the container until it exits: its "
            + "terminal, or its output; exit with its exit code")
    boolean attach;

    @Option(names = {"-i", "--interactive"}, description = "With --attach, pass keystrokes to the container's terminal")
    boolean interactive;

    @Option(names = "--detach-keys", paramLabel = "KEYS",
            description = "With --attach, keys that detach (default ctrl-p,ctrl-q; empty: none)")
    String detachKeys;

    @Parameters(arity = "0..*", paramLabel = "CONTAINER", description = "Names or IDs of containers")
    List<String> names = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        StorePaths paths = StorePaths.forCurrentUser();
        Containers containers = new Containers(paths);
        ContainerRunner runner = new ContainerRunner(paths, new ImageStore(paths));
        if (attach) {
            if (all || names.size() != 1) {
                throw new SkiffException("start --attach takes exactly one container");
            }
            return runner.startAttached(containers.find(names.getFirst()), interactive, detachKeys, System.out,
                    System.err);
        }
        List<Targets.Target> targets = Targets.resolve(containers, all, c -> !c.running(), names, false);
        Consumer<String> print = line -> {
            out.println(line);
            out.flush();
        };
        for (int i = 0; i < targets.size(); i++) {
            Targets.Target t = targets.get(i);
            boolean last = i == targets.size() - 1; // its start may finish the command in the JVM's place
            int code = last ? runner.startLast(t.dir(), t.label(), print) : runner.start(t.dir());
            if (code != 0) {
                return code;
            }
            if (!last) {
                print.accept(t.label());
            }
        }
        return 0;
    }
}

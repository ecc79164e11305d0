package dev.skiff.cli.command.pod;

import dev.skiff.cli.output.TabWriter;
import dev.skiff.runtime.SkiffException;
import dev.skiff.runtime.container.ContainerDir;
import dev.skiff.runtime.container.ContainerTop;
import dev.skiff.runtime.container.Pod;
import dev.skiff.runtime.container.Pods;
import dev.skiff.runtime.image.ImageStore;
import dev.skiff.runtime.storage.StorePaths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `skiff pod top`: the processes of every running container of a pod, in `top`'s columns. */
@Command(name = "top", description = "Display the running processes of the containers of a pod")
public final class PodTopCommand implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit")
    boolean help;

    @Parameters(index = "0", paramLabel = "POD", description = "Name or ID of the pod")
    String pod;

    @Parameters(index = "1..*", paramLabel = "DESCRIPTOR", description = "Columns to show, as `skiff top` takes them")
    List<String> descriptors = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        StorePaths paths = StorePaths.forCurrentUser();
        Pods pods = new Pods(paths, new ImageStore(paths));
        Pod p = pods.find(pod);
        TabWriter table = new TabWriter();
        boolean heading = true;
        for (ContainerDir c : pods.containers(p)) {
            if (!c.running()) {
                continue;
            }
            List<List<String>> rows = ContainerTop.of(c, descriptors);
            for (List<String> row : heading ? rows : rows.subList(1, rows.size())) {
                table.row(row.toArray(String[]::new));
            }
            heading = false;
        }
        if (heading) {
            throw new SkiffException("pod " + p.name() + " has no running containers: start it first");
        }
        table.printTo(spec.commandLine().getOut());
        return 0;
    }
}

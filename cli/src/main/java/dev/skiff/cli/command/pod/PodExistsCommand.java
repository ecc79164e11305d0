package dev.skiff.cli.command.pod;

import dev.skiff.runtime.SkiffException;
import dev.skiff.runtime.container.Pods;
import dev.skiff.runtime.image.ImageStore;
import dev.skiff.runtime.storage.StorePaths;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `skiff pod exists`: exit 0 when the pod exists, 1 when it does not. */
@Command(name = "exists", description = "Check if a pod exists")
public final class PodExistsCommand implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit")
    boolean help;

    @Parameters(index = "0", paramLabel = "POD", description = "Name or ID of the pod")
    String pod;

    @Override
    public Integer call() {
        StorePaths paths = StorePaths.forCurrentUser();
        try {
            new Pods(paths, new ImageStore(paths)).find(pod);
            return 0;
        } catch (SkiffException e) {
            return 1;
        }
    }
}

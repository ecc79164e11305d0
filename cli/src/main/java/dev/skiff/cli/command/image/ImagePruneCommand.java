package dev.skiff.cli.command.image;

import dev.skiff.cli.output.Confirm;
import dev.skiff.runtime.image.ImageStore;
import dev.skiff.runtime.storage.StorePaths;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `skiff image prune`: remove images without names, or with -a every image no container uses. */
@Command(name = "prune",
        description = "Remove unused images",
        sortOptions = false)
public final class ImagePruneCommand implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit")
    boolean help;

    @Option(names = {"-a", "--all"}, description = "Remove all images not in use by containers, not just dangling ones")
    boolean all;

    @Option(names = {"-f", "--force"}, description = "Do not prompt for confirmation")
    boolean force;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (!force && !confirmed(out)) {
            return 0;
        }
        for (String id : new ImageStore(StorePaths.forCurrentUser()).prune(all)) {
            out.println(id);
        }
        out.flush();
        return 0;
    }

    private boolean confirmed(PrintWriter out) throws IOException {
        return Confirm.ask(out, all
                ? "WARNING! This command removes all images without at least one container associated with them."
                : "WARNING! This command removes all dangling images.");
    }
}

package dev.skiff.cli.command.container;

import dev.skiff.runtime.SkiffException;
import dev.skiff.runtime.container.ContainerCommit;
import dev.skiff.runtime.container.Containers;
import dev.skiff.runtime.image.ImageStore;
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

/** `skiff commit`: a new image from a container's changes. */
@Command(name = "commit", description = "Create a new image from a container's changes",
        footer = {"", "The image has the container's command, environment and working directory; each --change",
            "then applies one of CMD, ENTRYPOINT, ENV, EXPOSE, LABEL, STOPSIGNAL, USER, VOLUME or WORKDIR,",
            "written as in a Containerfile (CMD [\"sh\"]) or with = (CMD=sh)."})
public final class CommitCommand implements Callable<Integer> {
    @Option(names = "--help", usageHelp = true, description = "Show this help and exit")
    boolean help;

    @Option(names = {"-c", "--change"}, paramLabel = "INSTRUCTION", description = "Apply a Containerfile instruction")
    List<String> changes = new ArrayList<>();

    @Option(names = {"-a", "--author"}, paramLabel = "AUTHOR", description = "The image's author")
    String author;

    @Option(names = {"-m", "--message"}, paramLabel = "MESSAGE", description = "A comment for the new history entry")
    String message;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "oci",
            description = "Manifest format: oci (default) or docker")
    String format;

    @Option(names = {"-q", "--quiet"}, description = "Print only the image id")
    boolean quiet;

    @Parameters(index = "0", paramLabel = "CONTAINER", description = "Name or ID of the container")
    String container;

    @Parameters(index = "1", arity = "0..1", paramLabel = "IMAGE", description = "Name of the new image")
    String image;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (!format.equals("oci") && !format.equals("docker")) {
            throw new SkiffException("--format " + format + ": use oci or docker");
        }
        StorePaths paths = StorePaths.forCurrentUser();
        PrintWriter err = spec.commandLine().getErr();
        String id = new ContainerCommit(changes, author, message, format.equals("docker"))
                .commit(paths, new ImageStore(paths), new Containers(paths).find(container), image,
                        quiet ? s -> { } : s -> {
                            err.println(s);
                            err.flush();
                        },
                        w -> {
                            err.println("WARNING: " + w);
                            err.flush();
                        });
        PrintWriter out = spec.commandLine().getOut();
        out.println(id);
        out.flush();
        return 0;
    }
}

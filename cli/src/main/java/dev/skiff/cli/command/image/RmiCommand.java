package dev.skiff.cli.command.image;

import dev.skiff.runtime.SkiffException;
import dev.skiff.runtime.container.ContainerDir;
import dev.skiff.runtime.container.Containers;
import dev.skiff.runtime.image.ImageNotKnownException;
import dev.skiff.runtime.image.ImageStore;
import dev.skiff.runtime.image.RemovedImage;
import dev.skiff.runtime.image.StoredImage;
import dev.skiff.runtime.storage.StorePaths;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `skiff rmi` / `skiff image rm`: untag or remove images, as Podman does. */
@Command(name = "rmi",
        description = "Remove one or more images from local storage",
        sortOptions = false)
public final class RmiCommand implements Callable<Integer> {
    /** Podman's exit code when an image named on the command line does not exist. */
    static final int EXIT_NO_SUCH_IMAGE = 1;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit")
    boolean help;

    @Option(names = {"-f", "--force"}, description = "Remove images with several names by id, and the containers using them; ignore unknown images")
    boolean force;

    @Option(names = {"-a", "--all"}, description = "Remove all images")
    boolean all;

    @Parameters(arity = "0..*", paramLabel = "IMAGE", description = "Names or ids of images to remove")
    List<String> images = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        StorePaths paths = StorePaths.forCurrentUser();
        ImageStore store = new ImageStore(paths);
        LinkedHashSet<String> targets = new LinkedHashSet<>(images);
        if (all) {
            store.list().stream().map(StoredImage::id).forEach(targets::add);
        } else if (targets.isEmpty()) {
            throw new SkiffException("image name or ID must be specified");
        }
        List<String> unknown = new ArrayList<>();
        for (String target : targets) {
            RemovedImage r;
            try {
                if (force) {
                    removeContainersOf(paths, store, target);
                }
                r = store.remove(target, force || all);
            } catch (ImageNotKnownException e) {
                if (!force && !all) {
                    unknown.add(e.getMessage());
                }
                continue;
            }
            r.untagged().forEach(n -> out.println("Untagged: " + n));
            r.deletedId().ifPresent(id -> out.println("Deleted: " + id));
            out.flush();
        }
        if (!unknown.isEmpty()) {
            for (int i = 0; i < unknown.size() - 1; i++) {
                err.println("Error: " + unknown.get(i));
            }
            err.flush();
            throw new SkiffException(unknown.getLast(), EXIT_NO_SUCH_IMAGE, null);
        }
        return 0;
    }

    /** `rmi -f`, as podman's: the containers made from the image go first, running ones killed. */
    private static void removeContainersOf(StorePaths paths, ImageStore store, String target) {
        Optional<StoredImage> image = store.resolve(target);
        if (image.isEmpty()) {
            return;
        }
        Containers containers = new Containers(paths);
        for (ContainerDir c : containers.list()) {
            if (c.imageId().equals(image.get().id())) {
                containers.remove(c, true);
            }
        }
    }
}

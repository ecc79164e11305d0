package dev.skiff.cli.command.image;

import dev.skiff.cli.output.HumanUnits;
import dev.skiff.cli.output.TabWriter;
import dev.skiff.runtime.image.ImageStore;
import dev.skiff.runtime.image.StoredImage;
import dev.skiff.runtime.storage.StorePaths;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `skiff images` / `skiff image ls`: list stored images, one row per name. */
@Command(name = "images",
        description = "List images in local storage",
        sortOptions = false)
public final class ImagesCommand implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit")
    boolean help;

    @Option(names = {"-q", "--quiet"}, description = "Display only image IDs")
    boolean quiet;

    @Option(names = "--no-trunc", description = "Do not truncate output")
    boolean noTrunc;

    @Option(names = {"-a", "--all"}, description = "Show all images (skiff keeps no intermediate images)")
    boolean all;

    @Option(names = {"-n", "--noheading"}, description = "Do not print column headings")
    boolean noHeading;

    @Parameters(index = "0", arity = "0..1", paramLabel = "IMAGE", description = "Show only this image")
    String image;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ImageStore store = new ImageStore(StorePaths.forCurrentUser());
        List<StoredImage> images;
        if (image != null) {
            images = store.resolve(image).map(List::of).orElse(List.of());
        } else {
            images = store.list();
        }
        if (quiet) {
            Set<String> ids = new LinkedHashSet<>();
            images.forEach(i -> ids.add(id(i)));
            ids.forEach(out::println);
            out.flush();
            return 0;
        }
        TabWriter table = new TabWriter();
        if (!noHeading) {
            table.row("REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE");
        }
        Instant now = Instant.now();
        for (StoredImage i : images) {
            String created = HumanUnits.duration(Duration.between(i.created(), now)) + " ago";
            String size = HumanUnits.size(i.size());
            if (i.names().isEmpty()) {
                table.row("<none>", "<none>", id(i), created, size);
            }
            for (String name : i.names()) {
                table.row(repository(name), tag(name), id(i), created, size);
            }
        }
        table.printTo(out);
        return 0;
    }

    private String id(StoredImage i) {
        return noTrunc ? "sha256:" + i.id() : i.shortId();
    }

    static String repository(String name) {
        int colon = name.lastIndexOf(':');
        return colon > name.lastIndexOf('/') ? name.substring(0, colon) : name;
    }

    static String tag(String name) {
        int colon = name.lastIndexOf(':');
        return colon > name.lastIndexOf('/') ? name.substring(colon + 1) : "<none>";
    }
}

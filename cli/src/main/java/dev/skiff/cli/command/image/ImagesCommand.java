package dev.skiff.cli.command.image;

import dev.skiff.cli.output.GoTime;
import dev.skiff.cli.output.HumanUnits;
import dev.skiff.cli.output.TableFormat;
import dev.skiff.cli.output.TabWriter;
import dev.skiff.oci.json.Json;
import dev.skiff.runtime.SkiffException;
import dev.skiff.runtime.image.ImageStore;
import dev.skiff.runtime.image.StoredImage;
import dev.skiff.runtime.storage.StorePaths;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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
    private static final Map<String, String> HEADINGS = Map.of("ID", "IMAGE ID", "Repository", "REPOSITORY",
            "Tag", "TAG", "Digest", "DIGEST", "Created", "CREATED", "CreatedSince", "CREATED", "CreatedAt",
            "CREATED AT", "Size", "SIZE", "VirtualSize", "VIRTUAL SIZE");

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit")
    boolean help;

    @Option(names = {"-a", "--all"}, description = "Show all images, the intermediate images of builds too")
    boolean all;

    @Option(names = "--digests", description = "Show the manifest digests")
    boolean digests;

    @Option(names = {"-f", "--filter"}, paramLabel = "FILTER",
            description = "Show only images that match: reference=PATTERN, dangling=true|false (repeatable)")
    List<String> filters = new ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "Print through a Go template ('table {{.ID}} {{.Size}}'), or 'json'")
    String format;

    @Option(names = {"-n", "--noheading"}, description = "Do not print column headings")
    boolean noHeading;

    @Option(names = "--no-trunc", description = "Do not truncate output")
    boolean noTrunc;

    @Option(names = {"-q", "--quiet"}, description = "Display only image IDs")
    boolean quiet;

    @Parameters(index = "0", arity = "0..1", paramLabel = "IMAGE", description = "Show only this image")
    String image;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ImageStore store = new ImageStore(StorePaths.forCurrentUser());
        ImageFilter filter = ImageFilter.parse(filters);
        List<StoredImage> images = image != null ? store.resolve(image).map(List::of).orElse(List.of()) : store.list();
        Set<String> intermediate = all || image != null ? Set.of()
                : new dev.skiff.runtime.build.BuildCache(StorePaths.forCurrentUser()).images();
        images = images.stream().filter(filter::matches)
                .filter(i -> !i.names().isEmpty() || !intermediate.contains(i.id())).toList();
        if (quiet) {
            Set<String> ids = new LinkedHashSet<>();
            images.forEach(i -> ids.add(id(i)));
            ids.forEach(out::println);
            out.flush();
            return 0;
        }
        Map<String, Integer> containers = store.containerCounts();
        if ("json".equals(format)) {
            List<Map<String, Object>> json = new ArrayList<>();
            for (StoredImage i : images) {
                json.add(jsonOf(i, store.manifestDigest(i), containers.getOrDefault(i.id(), 0)));
            }
            out.println(Json.toPrettyString(json, 4));
            out.flush();
            return 0;
        }
        Instant now = Instant.now();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (StoredImage i : images) {
            String digest = store.manifestDigest(i);
            int used = containers.getOrDefault(i.id(), 0);
            for (String name : i.names().isEmpty() ? List.of("") : i.names()) {
                if (filter.matchesName(name)) {
                    rows.add(row(i, name, digest, used, now));
                }
            }
        }
        if (format != null) {
            TableFormat table = new TableFormat(format, HEADINGS);
            if (!noHeading) {
                table.heading();
            }
            rows.forEach(table::row);
            table.printTo(out);
            return 0;
        }
        TabWriter table = new TabWriter();
        if (!noHeading) {
            table.row(columns("REPOSITORY", "TAG", "DIGEST", "IMAGE ID", "CREATED", "SIZE"));
        }
        for (Map<String, Object> r : rows) {
            table.row(columns((String) r.get("Repository"), (String) r.get("Tag"), (String) r.get("Digest"),
                    (String) r.get("ID"), (String) r.get("Created"), (String) r.get("Size")));
        }
        table.printTo(out);
        return 0;
    }

    private String[] columns(String repository, String tag, String digest, String id, String created, String size) {
        return digests ? new String[] {repository, tag, digest, id, created, size}
                : new String[] {repository, tag, id, created, size};
    }

    private Map<String, Object> row(StoredImage i, String name, String digest, int containers, Instant now) {
        String since = HumanUnits.duration(Duration.between(i.created(), now)) + " ago";
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ID", id(i));
        m.put("Id", i.id());
        m.put("Repository", name.isEmpty() ? "<none>" : repository(name));
        m.put("Tag", name.isEmpty() ? "<none>" : tag(name));
        m.put("Digest", digest);
        m.put("Created", since);
        m.put("CreatedSince", since);
        m.put("CreatedAt", GoTime.utcSeconds(i.created()));
        m.put("Size", HumanUnits.size(i.size()));
        m.put("VirtualSize", i.size());
        m.put("SharedSize", 0);
        m.put("Names", i.names());
        m.put("History", String.join(", ", i.names()));
        m.put("Dangling", i.names().isEmpty());
        m.put("Containers", containers);
        m.put("ReadOnly", false);
        m.put("Labels", Map.of());
        return m;
    }

    /** One image as `podman images --format json` prints it. */
    static Map<String, Object> jsonOf(StoredImage i, String digest, int containers) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Id", i.id());
        m.put("ParentId", "");
        // podman 4 leaves RepoTags null and lists the names under Names
        m.put("RepoTags", null);
        Set<String> repoDigests = new LinkedHashSet<>();
        i.names().forEach(n -> repoDigests.add(repository(n) + "@" + digest));
        m.put("RepoDigests", new ArrayList<>(repoDigests));
        m.put("Size", i.size());
        m.put("SharedSize", 0);
        m.put("VirtualSize", i.size());
        m.put("Labels", null);
        m.put("Containers", containers);
        m.put("Names", i.names().isEmpty() ? null : i.names());
        m.put("Digest", digest);
        m.put("History", i.names().isEmpty() ? null : i.names());
        m.put("Created", i.created().getEpochSecond());
        m.put("CreatedAt", i.created().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        return m;
    }

    private String id(StoredImage i) {
        return noTrunc ? "sha256:" + i.id() : i.shortId();
    }

    static String repository(String name) {
        int at = name.indexOf('@');
        if (at >= 0) {
            return name.substring(0, at); // pulled by digest: repo@sha256:…
        }
        int colon = name.lastIndexOf(':');
        return colon > name.lastIndexOf('/') ? name.substring(0, colon) : name;
    }

    static String tag(String name) {
        if (name.indexOf('@') >= 0) {
            return "<none>";
        }
        int colon = name.lastIndexOf(':');
        return colon > name.lastIndexOf('/') ? name.substring(colon + 1) : "<none>";
    }

    /** The `--filter` values `images` understands. */
    record ImageFilter(List<String> references, Boolean dangling) {
        static ImageFilter parse(List<String> filters) {
            List<String> refs = new ArrayList<>();
            Boolean dangling = null;
            for (String f : filters) {
                int eq = f.indexOf('=');
                String key = eq < 0 ? f : f.substring(0, eq);
                String value = eq < 0 ? "" : f.substring(eq + 1);
                switch (key) {
                    case "reference" -> refs.add(value);
                    case "dangling" -> {
                        if (!value.equals("true") && !value.equals("false")) {
                            throw new SkiffException("--filter `" + f + "`: dangling takes true or false");
                        }
                        dangling = Boolean.valueOf(value);
                    }
                    default -> throw new SkiffException("--filter `" + f + "`: unsupported filter (reference=, dangling=)");
                }
            }
            return new ImageFilter(refs, dangling);
        }

        boolean matches(StoredImage i) {
            if (dangling != null && dangling != i.names().isEmpty()) {
                return false;
            }
            return references.isEmpty() || i.names().stream().anyMatch(this::matchesName);
        }

        /** Whether a row for {@code name} ("" for an unnamed image) passes the reference filters. */
        boolean matchesName(String name) {
            if (references.isEmpty()) {
                return true;
            }
            if (name.isEmpty()) {
                return false;
            }
            for (String pattern : references) {
                String glob = pattern.contains(":") ? name : repository(name);
                if (glob(pattern, glob) || glob(pattern, glob.substring(glob.indexOf('/') + 1))
                        || glob(pattern, glob.substring(glob.lastIndexOf('/') + 1))) {
                    return true;
                }
            }
            return false;
        }

        private static boolean glob(String pattern, String s) {
            StringBuilder re = new StringBuilder();
            for (char c : pattern.toCharArray()) {
                switch (c) {
                    case '*' -> re.append("[^/]*");
                    case '?' -> re.append("[^/]");
                    default -> re.append(java.util.regex.Pattern.quote(String.valueOf(c)));
                }
            }
            return s.matches(re.toString());
        }
    }
}

package dev.skiff.cli.command.image;

import dev.skiff.cli.output.GoJson;
import dev.skiff.cli.output.GoTime;
import dev.skiff.cli.output.HumanUnits;
import dev.skiff.cli.output.Listing;
import dev.skiff.cli.output.TableFormat;
import dev.skiff.runtime.image.ImageHistory;
import dev.skiff.runtime.image.ImageNotKnownException;
import dev.skiff.runtime.image.ImageStore;
import dev.skiff.runtime.image.StoredImage;
import dev.skiff.runtime.storage.StorePaths;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `skiff history` / `skiff image history`: the steps an image was built in, newest first. */
@Command(name = "history",
        description = {"Show history of a specified image",
                "",
                "One row per entry of the image config's history, newest first. A step that added a layer",
                "shows that layer's uncompressed size, the others 0 B. ID names a stored image whose top layer",
                "is the step's layer (the image itself on the newest row); other rows show <missing>."},
        sortOptions = false)
public final class HistoryCommand implements Callable<Integer> {
    private static final int CREATED_BY_WIDTH = 45;
    // podman 4.3 heads these two with its template engine's text for a missing key
    private static final Map<String, String> HEADINGS = Map.of("CreatedBy", "CREATED BY",
            "CreatedSince", "<no value>", "CreatedAt", "<no value>");
    private static final Listing DEFAULT = new Listing(HEADINGS,
            List.of("ID", "CREATED", "CREATED BY", "SIZE", "COMMENT"),
            List.of("ID", "Created", "CreatedBy", "Size", "Comment"));

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit")
    boolean help;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "Print through a Go template ('table {{.ID}} {{.CreatedBy}}'), or 'json'")
    String format;

    @Option(names = {"-H", "--human"}, arity = "0..1", defaultValue = "true", fallbackValue = "true",
            paramLabel = "BOOL", description = "Show when each step ran as a duration ago (default true);"
                    + " with --human=false as an RFC 3339 time")
    boolean human;

    @Option(names = "--no-trunc", description = "Do not truncate the output")
    boolean noTrunc;

    @Option(names = {"-q", "--quiet"}, description = "Display only the IDs")
    boolean quiet;

    @Parameters(index = "0", paramLabel = "IMAGE", description = "Name or id of the image")
    String image;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ImageStore store = new ImageStore(StorePaths.forCurrentUser());
        StoredImage stored = store.resolve(image).orElseThrow(() -> new ImageNotKnownException(image));
        List<ImageHistory.Entry> entries = store.history(stored);
        if (TableFormat.isJson(format)) {
            List<Map<String, Object>> json = new ArrayList<>();
            entries.forEach(e -> json.add(jsonOf(e)));
            out.println(json.isEmpty() ? "[]" : GoJson.compact(json));
            out.flush();
            return 0;
        }
        Instant now = Instant.now();
        List<Map<String, Object>> rows = new ArrayList<>();
        entries.forEach(e -> rows.add(row(e, now)));
        if (quiet) {
            rows.forEach(r -> out.println(r.get("ID")));
            out.flush();
            return 0;
        }
        DEFAULT.print(out, rows, format, false);
        return 0;
    }

    /** A row with the fields podman's history templates know. */
    private Map<String, Object> row(ImageHistory.Entry e, Instant now) {
        OffsetDateTime created = e.created().orElse(GoTime.ZERO);
        String when = human ? HumanUnits.duration(GoTime.since(created.toInstant(), now)) + " ago"
                : GoTime.rfc3339(created);
        String id = e.imageId().orElse("<missing>");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ID", noTrunc ? id : id.substring(0, Math.min(12, id.length())));
        m.put("Created", when);
        m.put("CreatedBy", noTrunc ? e.createdBy() : truncated(e.createdBy()));
        m.put("Size", HumanUnits.size(e.size()));
        m.put("Comment", e.comment());
        m.put("CreatedSince", when);
        m.put("CreatedAt", GoTime.utcSeconds(created.toInstant()));
        // podman 4.3 fills Tags from names of storage layers, which skiff's layers do not have
        m.put("Tags", List.of());
        return m;
    }

    /** One entry as `podman history --format json` writes it; "created" keeps the fraction, "Created" drops it. */
    private static Map<String, Object> jsonOf(ImageHistory.Entry e) {
        OffsetDateTime created = e.created().orElse(GoTime.ZERO);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.imageId().orElse("<missing>"));
        m.put("created", GoTime.rfc3339Nano(created));
        if (!e.createdBy().isEmpty()) {
            m.put("CreatedBy", e.createdBy());
        }
        m.put("size", e.size());
        if (!e.comment().isEmpty()) {
            m.put("comment", e.comment());
        }
        m.put("Created", GoTime.rfc3339(created));
        return m;
    }

    /**
     * Podman's cut: over 45 bytes of UTF-8, the first 42 and "...". Where that splits a character,
     * podman writes its first bytes, each shown (and aligned) as one replacement character: so
     * does this, with U+FFFD for each.
     */
    static String truncated(String createdBy) {
        if (createdBy.getBytes(StandardCharsets.UTF_8).length <= CREATED_BY_WIDTH) {
            return createdBy;
        }
        int bytes = 0;
        int end = 0;
        while (end < createdBy.length()) {
            int cp = createdBy.codePointAt(end);
            int width = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + width > CREATED_BY_WIDTH - 3) {
                break;
            }
            bytes += width;
            end += Character.charCount(cp);
        }
        return createdBy.substring(0, end) + "\uFFFD".repeat(CREATED_BY_WIDTH - 3 - bytes) + "...";
    }
}

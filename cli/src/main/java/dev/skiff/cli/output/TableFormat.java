package dev.skiff.cli.output;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skiff.oci.json.Json;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A {@code --format} value as Podman reads it: {@code table …} prints a heading row and aligns
 * the columns (words between actions separate columns); anything else prints each row as is.
 */
public final class TableFormat {
    private static final Pattern JSON = Pattern.compile("\\s*(json|\\{\\{\\s*json\\s*\\.?\\s*}})\\s*");
    private final boolean table;
    private final GoTemplate template;
    private final Map<String, String> headings;
    private final TabWriter rows = new TabWriter();

    /**
     * @param format   the user's {@code --format}
     * @param headings column headings by field name ({@code ID} → {@code IMAGE ID}); other fields
     *                 are headed by their upper-cased name
     */
    public TableFormat(String format, Map<String, String> headings) {
        this.table = format.startsWith("table");
        String body = table ? format.substring("table".length()).strip() : format;
        if (table) {
            body = body.replaceAll("}}[ \\t]+\\{\\{", "}}\t{{");
        }
        this.template = new GoTemplate(body);
        this.headings = headings;
    }

    /** Whether FORMAT asks for JSON as Podman reads it: {@code json} or {@code {{json .}}}, spaces aside. */
    public static boolean isJson(String format) {
        return format != null && JSON.matcher(format).matches();
    }

    /** True for a {@code table …} format. */
    public boolean isTable() {
        return table;
    }

    /** Adds the heading row (only for a table). */
    public TableFormat heading() {
        if (table) {
            ObjectNode names = Json.mapper().createObjectNode();
            for (String f : template.fields()) {
                String top = f.contains(".") ? f.substring(0, f.indexOf('.')) : f;
                names.put(top, headings.getOrDefault(top, top.toUpperCase(Locale.ROOT)));
            }
            rows.row(template.render(names).split("\t", -1));
        }
        return this;
    }

    /** Adds a row rendered from {@code value}. */
    public TableFormat row(Object value) {
        String s = template.render(value);
        if (table) {
            rows.row(s.split("\t", -1));
        } else {
            rows.row(s);
        }
        return this;
    }

    /** Prints the rows, aligned for a table. */
    public void printTo(PrintWriter out) {
        rows.printTo(out);
    }
}

package dev.skiff.cli.output;

import dev.skiff.oci.json.Json;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/**
 * A list command's rows (ps, pod ps, volume ls) printed as podman prints them: `--format json` as
 * a JSON array, another `--format` through its Go template (`table …` with headings), or the
 * command's default columns.
 *
 * @param headings  column headings by field name, for `table` formats
 * @param columns   the default table's headings
 * @param fields    the fields under those headings, in order
 */
public record Listing(Map<String, String> headings, List<String> columns, List<String> fields) {

    /** Prints ROWS to OUT by FORMAT (null for the default columns), with headings unless NO_HEADING. */
    public void print(PrintWriter out, List<Map<String, Object>> rows, String format, boolean noHeading) {
        if ("json".equals(format)) {
            out.println(Json.toPrettyString(rows, 4));
        } else if (format != null) {
            TableFormat table = new TableFormat(format, headings);
            if (!noHeading) {
                table.heading();
            }
            rows.forEach(table::row);
            table.printTo(out);
        } else {
            TabWriter table = new TabWriter();
            if (!noHeading) {
                table.row(columns.toArray(String[]::new));
            }
            rows.forEach(r -> table.row(fields.stream().map(f -> String.valueOf(r.get(f))).toArray(String[]::new)));
            table.printTo(out);
        }
        out.flush();
    }
}

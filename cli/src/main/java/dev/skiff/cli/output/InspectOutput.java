package dev.skiff.cli.output;

import dev.skiff.oci.json.Json;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/** How every inspect command prints: a JSON array indented as podman's, or each object through --format. */
public final class InspectOutput {
    /** podman indents inspect output by five spaces. */
    private static final int INDENT = 5;

    private InspectOutput() {}

    public static void print(PrintWriter out, List<Map<String, Object>> objects, String format) {
        if (format != null && !format.equals("json")) {
            GoTemplate template = new GoTemplate(format);
            objects.forEach(m -> out.println(template.render(m)));
        } else {
            out.println(Json.toPrettyString(objects, INDENT));
        }
        out.flush();
    }
}

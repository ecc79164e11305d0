package dev.skiff.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.oci.json.Json;
import dev.skiff.runtime.SkiffException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The part of Go's text/template that `--format` is used with: {@code {{.Field.Sub}}} and
 * {@code {{json .Field}}}, values printed as Go prints them ({@code [a b]}, {@code map[k:v]}).
 */
public final class GoTemplate {
    private final String template;

    public GoTemplate(String template) {
        this.template = template.replace("\\n", "\n").replace("\\t", "\t");
    }

    /** Renders the template against a value's JSON form. */
    public String render(Object value) {
        JsonNode root = Json.mapper().valueToTree(value);
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            int open = template.indexOf("{{", i);
            if (open < 0) {
                out.append(template, i, template.length());
                break;
            }
            int close = template.indexOf("}}", open + 2);
            if (close < 0) {
                throw new SkiffException("--format `" + template + "`: unclosed `{{`");
            }
            out.append(template, i, open);
            out.append(action(template.substring(open + 2, close).strip(), root));
            i = close + 2;
        }
        return out.toString();
    }

    private String action(String action, JsonNode root) {
        boolean json = false;
        String expr = action;
        if (expr.startsWith("json ")) {
            json = true;
            expr = expr.substring(5).strip();
        }
        if (!expr.startsWith(".")) {
            throw new SkiffException("--format: unsupported template action `{{" + action + "}}`");
        }
        JsonNode node = root;
        if (!expr.equals(".")) {
            for (String field : expr.substring(1).split("\\.")) {
                if (node == null || !node.isObject() || !node.has(field)) {
                    throw new SkiffException("--format: template: can't evaluate field " + field);
                }
                node = node.get(field);
            }
        }
        if (json) {
            return new String(Json.toBytes(node), java.nio.charset.StandardCharsets.UTF_8);
        }
        return goString(node);
    }

    private static String goString(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return "<no value>";
        }
        if (n.isArray()) {
            List<String> parts = new ArrayList<>();
            n.forEach(e -> parts.add(goString(e)));
            return "[" + String.join(" ", parts) + "]";
        }
        if (n.isObject()) {
            List<String> parts = new ArrayList<>();
            List<Map.Entry<String, JsonNode>> entries = new ArrayList<>(n.properties());
            entries.sort(Map.Entry.comparingByKey());
            entries.forEach(e -> parts.add(e.getKey() + ":" + goString(e.getValue())));
            return "map[" + String.join(" ", parts) + "]";
        }
        return n.asText();
    }
}

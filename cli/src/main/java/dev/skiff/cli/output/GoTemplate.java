package dev.skiff.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.skiff.oci.json.Json;
import dev.skiff.runtime.SkiffException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The part of Go's text/template that `--format` is used with: {@code {{.Field.Sub}}} and the
 * functions {@code json}, {@code upper}, {@code lower}, {@code title}, {@code join LIST "sep"} and
 * {@code truncate S N}, with values printed as Go prints them ({@code [a b]}, {@code map[k:v]}).
 */
public final class GoTemplate {
    private final String template;

    public GoTemplate(String template) {
        this.template = template.replace("\\n", "\n").replace("\\t", "\t");
    }

    /** The template's text after escapes ({@code \n}, {@code \t}) were replaced. */
    public String text() {
        return template;
    }

    /** Renders the template against a value's JSON form. */
    public String render(Object value) {
        JsonNode root = value instanceof JsonNode n ? n : Json.mapper().valueToTree(value);
        List<Object> nodes = new ArrayList<>();
        int end = parse(0, nodes, false);
        if (end < template.length()) {
            throw new SkiffException("--format `" + template + "`: `{{end}}` without `{{range}}` or `{{if}}`");
        }
        StringBuilder out = new StringBuilder();
        render(nodes, root, out);
        return out.toString();
    }

    /** {{range EXPR}} BODY [{{else}} ELSE] {{end}}, or {{if EXPR}} ... in the same form. */
    private record Block(String kind, String expr, List<Object> body, List<Object> otherwise) {}

    /**
     * Parses text and actions from FROM into NODES (strings for text, Strings wrapped in an
     * Object[] for actions, {@link Block}s); inside a block, stops at its {{else}} or {{end}}
     * and returns the index of that action's start.
     */
    private int parse(int from, List<Object> nodes, boolean inBlock) {
        int i = from;
        while (i < template.length()) {
            int open = template.indexOf("{{", i);
            if (open < 0) {
                nodes.add(template.substring(i));
                return template.length();
            }
            int close = template.indexOf("}}", open + 2);
            if (close < 0) {
                throw new SkiffException("--format `" + template + "`: unclosed `{{`");
            }
            nodes.add(template.substring(i, open));
            String action = template.substring(open + 2, close).strip();
            String head = action.split("\\s+", 2)[0];
            if (head.equals("end") || head.equals("else")) {
                if (!inBlock) {
                    throw new SkiffException("--format `" + template + "`: `{{" + head + "}}` outside `{{range}}` or `{{if}}`");
                }
                return open;
            }
            if (head.equals("range") || head.equals("if")) {
                String expr = action.substring(head.length()).strip();
                List<Object> body = new ArrayList<>();
                List<Object> otherwise = new ArrayList<>();
                int at = parse(close + 2, body, true);
                if (at >= template.length()) {
                    throw new SkiffException("--format `" + template + "`: `{{" + action + "}}` without `{{end}}`");
                }
                if (template.startsWith("{{else", at) || template.startsWith("{{ else", at)) {
                    at = parse(template.indexOf("}}", at) + 2, otherwise, true);
                    if (at >= template.length()) {
                        throw new SkiffException("--format `" + template + "`: `{{else}}` without `{{end}}`");
                    }
                }
                nodes.add(new Block(head, expr, body, otherwise));
                i = template.indexOf("}}", at) + 2;
                continue;
            }
            nodes.add(new Object[] {action});
            i = close + 2;
        }
        return i;
    }

    private void render(List<Object> nodes, JsonNode dot, StringBuilder out) {
        for (Object n : nodes) {
            if (n instanceof String text) {
                out.append(text);
            } else if (n instanceof Object[] action) {
                out.append(action((String) action[0], dot));
            } else if (n instanceof Block b) {
                JsonNode value = argument(b.expr(), dot, b.kind() + " " + b.expr());
                if (b.kind().equals("if")) {
                    render(truthy(value) ? b.body() : b.otherwise(), dot, out);
                } else if (!truthy(value)) {
                    render(b.otherwise(), dot, out);
                } else if (value.isContainerNode()) {
                    value.forEach(element -> render(b.body(), element, out));
                } else {
                    throw new SkiffException("--format: range can't iterate over " + goString(value));
                }
            }
        }
    }

    /** Go's truth: false, 0, nil and empty strings, arrays and maps are false. */
    private static boolean truthy(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return false;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isNumber()) {
            return v.doubleValue() != 0;
        }
        if (v.isTextual()) {
            return !v.textValue().isEmpty();
        }
        return v.size() > 0;
    }

    /** The fields ({@code .A.B}) the template's actions read, in order. */
    public List<String> fields() {
        List<String> fields = new ArrayList<>();
        int i = 0;
        while ((i = template.indexOf("{{", i)) >= 0) {
            int close = template.indexOf("}}", i + 2);
            if (close < 0) {
                break;
            }
            for (String token : tokens(template.substring(i + 2, close).strip())) {
                if (token.startsWith(".") && token.length() > 1) {
                    fields.add(token.substring(1));
                }
            }
            i = close + 2;
        }
        return fields;
    }

    private String action(String action, JsonNode root) {
        List<String> tokens = tokens(action);
        if (tokens.isEmpty()) {
            throw new SkiffException("--format: empty template action `{{" + action + "}}`");
        }
        String head = tokens.getFirst();
        if (head.startsWith(".")) {
            if (tokens.size() != 1) {
                throw new SkiffException("--format: unsupported template action `{{" + action + "}}`");
            }
            return goString(field(head, root));
        }
        List<JsonNode> args = new ArrayList<>();
        for (String t : tokens.subList(1, tokens.size())) {
            args.add(argument(t, root, action));
        }
        return switch (head) {
            case "json" -> GoJson.compact(arity(args, 1, action).getFirst());
            case "upper" -> goString(arity(args, 1, action).getFirst()).toUpperCase(Locale.ROOT);
            case "lower" -> goString(arity(args, 1, action).getFirst()).toLowerCase(Locale.ROOT);
            case "title" -> title(goString(arity(args, 1, action).getFirst()));
            case "join" -> join(arity(args, 2, action), action);
            case "truncate" -> truncate(arity(args, 2, action), action);
            case "index" -> goString(index(args, action));
            default -> throw new SkiffException("--format: template action `{{" + action + "}}`: function `" + head
                    + "` not defined");
        };
    }

    private static List<JsonNode> arity(List<JsonNode> args, int n, String action) {
        if (args.size() != n) {
            throw new SkiffException("--format: template action `{{" + action + "}}`: wrong number of arguments: want "
                    + n + ", got " + args.size());
        }
        return args;
    }

    private static JsonNode argument(String token, JsonNode root, String action) {
        if (token.startsWith(".")) {
            return field(token, root);
        }
        if (token.length() >= 2 && (token.startsWith("\"") && token.endsWith("\"")
                || token.startsWith("`") && token.endsWith("`"))) {
            return TextNode.valueOf(token.substring(1, token.length() - 1).replace("\\\"", "\""));
        }
        if (token.matches("-?[0-9]+")) {
            return Json.mapper().getNodeFactory().numberNode(Long.parseLong(token));
        }
        throw new SkiffException("--format: template action `{{" + action + "}}`: unsupported argument `" + token + "`");
    }

    private static JsonNode field(String expr, JsonNode root) {
        JsonNode node = root;
        if (expr.equals(".")) {
            return node;
        }
        for (String field : expr.substring(1).split("\\.")) {
            if (node == null || !node.isObject() || !node.has(field)) {
                throw new SkiffException("--format: template: can't evaluate field " + field);
            }
            node = node.get(field);
        }
        return node;
    }

    private static String join(List<JsonNode> args, String action) {
        JsonNode list = args.get(0);
        if (list.isNull()) {
            return "";
        }
        if (!list.isArray()) {
            throw new SkiffException("--format: template action `{{" + action + "}}`: join needs a list");
        }
        List<String> parts = new ArrayList<>();
        list.forEach(e -> parts.add(goString(e)));
        return String.join(args.get(1).asText(), parts);
    }

    /** Go's index: a map by key (a missing key gives the empty value) or a list by position. */
    private static JsonNode index(List<JsonNode> args, String action) {
        if (args.size() < 2) {
            throw new SkiffException("--format: template action `{{" + action + "}}`: index needs a map or list and "
                    + "at least one key");
        }
        JsonNode node = args.getFirst();
        for (JsonNode key : args.subList(1, args.size())) {
            if (node.isObject()) {
                node = node.has(key.asText()) ? node.get(key.asText()) : TextNode.valueOf("");
            } else if (node.isArray() && key.isNumber()) {
                if (key.asInt() < 0 || key.asInt() >= node.size()) {
                    throw new SkiffException("--format: template action `{{" + action + "}}`: index out of range: "
                            + key.asInt());
                }
                node = node.get(key.asInt());
            } else if (node.isNull()) {
                return TextNode.valueOf("");
            } else {
                throw new SkiffException("--format: template action `{{" + action + "}}`: cannot index "
                        + node.getNodeType().name().toLowerCase(Locale.ROOT) + " with " + key);
            }
        }
        return node;
    }

    private static String truncate(List<JsonNode> args, String action) {
        if (!args.get(1).canConvertToInt() || !args.get(1).isNumber()) {
            throw new SkiffException("--format: template action `{{" + action + "}}`: truncate needs a length");
        }
        String s = goString(args.get(0));
        int n = Math.max(0, args.get(1).asInt());
        return s.codePointCount(0, s.length()) <= n ? s : s.substring(0, s.offsetByCodePoints(0, n));
    }

    private static String title(String s) {
        StringBuilder b = new StringBuilder(s.length());
        boolean start = true;
        for (char c : s.toCharArray()) {
            b.append(start ? Character.toTitleCase(c) : c);
            start = !Character.isLetter(c);
        }
        return b.toString();
    }

    /** Splits an action into words, keeping quoted strings whole. */
    private static List<String> tokens(String action) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < action.length()) {
            char c = action.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            int start = i;
            if (c == '"' || c == '`') {
                i++;
                while (i < action.length() && action.charAt(i) != c) {
                    i += action.charAt(i) == '\\' && c == '"' ? 2 : 1;
                }
                i = Math.min(i + 1, action.length());
            } else {
                while (i < action.length() && !Character.isWhitespace(action.charAt(i))) {
                    i++;
                }
            }
            out.add(action.substring(start, i));
        }
        return out;
    }

    static String goString(JsonNode n) {
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

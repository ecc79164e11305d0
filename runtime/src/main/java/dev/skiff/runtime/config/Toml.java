package dev.skiff.runtime.config;

import dev.skiff.runtime.SkiffException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the part of TOML that the containers config files (registries.conf v2,
 * containers.conf) use: {@code key = value} with strings,
 * booleans and arrays of strings (arrays may span lines), {@code [table]} and
 * {@code [[array.of.tables]]} headers, and {@code #} comments.
 */
public final class Toml {
    /** One table: its header ({@code ""} for the top, {@code [[registry]]} as {@code registry}) and keys. */
    public record Table(String name, boolean arrayItem, Map<String, Object> values) {}

    private Toml() {}

    /** The tables of {@code text} in order; {@code what} names the file in errors. */
    public static List<Table> parse(String text, String what) {
        List<Table> tables = new ArrayList<>();
        Table current = new Table("", false, new LinkedHashMap<>());
        tables.add(current);
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = stripComment(lines[i]).strip();
            if (line.isEmpty()) {
                continue;
            }
            int lineNo = i + 1;
            if (line.startsWith("[[")) {
                if (!line.endsWith("]]")) {
                    throw error(what, lineNo, "unterminated table header");
                }
                current = new Table(line.substring(2, line.length() - 2).strip(), true, new LinkedHashMap<>());
                tables.add(current);
                continue;
            }
            if (line.startsWith("[")) {
                if (!line.endsWith("]")) {
                    throw error(what, lineNo, "unterminated table header");
                }
                current = new Table(line.substring(1, line.length() - 1).strip(), false, new LinkedHashMap<>());
                tables.add(current);
                continue;
            }
            int eq = indexOutsideQuotes(line, '=');
            if (eq <= 0) {
                throw error(what, lineNo, "expected `key = value`");
            }
            String key = unquoteKey(line.substring(0, eq).strip());
            StringBuilder value = new StringBuilder(line.substring(eq + 1).strip());
            if (value.toString().startsWith("[")) {
                while (!arrayClosed(value.toString())) {
                    if (++i >= lines.length) {
                        throw error(what, lineNo, "unterminated array for `" + key + "`");
                    }
                    value.append(' ').append(stripComment(lines[i]).strip());
                }
            }
            current.values().put(key, value(value.toString().strip(), what, lineNo, key));
        }
        return tables;
    }

    private static Object value(String v, String what, int line, String key) {
        if (v.equals("true") || v.equals("false")) {
            return Boolean.parseBoolean(v);
        }
        if (v.startsWith("\"") || v.startsWith("'")) {
            return string(v, what, line, key);
        }
        if (v.startsWith("[")) {
            List<String> items = new ArrayList<>();
            String inner = v.substring(1, v.lastIndexOf(']')).strip();
            int start = 0;
            while (start < inner.length()) {
                int comma = indexOutsideQuotes(inner.substring(start), ',');
                String item = (comma < 0 ? inner.substring(start) : inner.substring(start, start + comma)).strip();
                if (!item.isEmpty()) {
                    items.add(string(item, what, line, key));
                }
                if (comma < 0) {
                    break;
                }
                start += comma + 1;
            }
            return items;
        }
        if (v.matches("-?[0-9]+")) {
            return Long.parseLong(v);
        }
        throw error(what, line, "`" + key + "`: unsupported value `" + v + "`");
    }

    private static String string(String v, String what, int line, String key) {
        char q = v.charAt(0);
        if (v.length() < 2 || v.charAt(v.length() - 1) != q || (q != '"' && q != '\'')) {
            throw error(what, line, "`" + key + "`: expected a quoted string, got `" + v + "`");
        }
        String body = v.substring(1, v.length() - 1);
        if (q == '\'') {
            return body;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\' && i + 1 < body.length()) {
                char e = body.charAt(++i);
                b.append(switch (e) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    default -> e;
                });
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static String unquoteKey(String k) {
        return k.length() >= 2 && (k.startsWith("\"") && k.endsWith("\"") || k.startsWith("'") && k.endsWith("'"))
                ? k.substring(1, k.length() - 1) : k;
    }

    private static boolean arrayClosed(String v) {
        int depth = 0;
        char quote = 0;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (quote != 0) {
                if (c == '\\' && quote == '"') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '[') {
                depth++;
            } else if (c == ']' && --depth == 0) {
                return true;
            }
        }
        return false;
    }

    private static int indexOutsideQuotes(String s, char wanted) {
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == '\\' && quote == '"') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == wanted) {
                return i;
            }
        }
        return -1;
    }

    private static String stripComment(String line) {
        int hash = indexOutsideQuotes(line, '#');
        return hash < 0 ? line : line.substring(0, hash);
    }

    private static SkiffException error(String what, int line, String message) {
        return new SkiffException(what + ": line " + line + ": " + message);
    }
}

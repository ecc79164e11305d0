package dev.skiff.runtime.build;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Function;

/**
 * The shell-like words of a Dockerfile instruction, as docker reads them: single quotes keep
 * everything, double quotes keep spaces, the escape character keeps the next one, and `$VAR`,
 * `${VAR}`, `${VAR:-word}`, `${VAR:+word}` (and their forms without `:`) and `${VAR:?message}`
 * are expanded from the build's variables.
 */
public final class ShellWords {
    private final String text;
    private final char escape;
    private final Function<String, String> lookup;
    private int pos;

    private ShellWords(String text, char escape, Function<String, String> lookup) {
        this.text = text;
        this.escape = escape;
        this.lookup = lookup;
    }

    /** Expands variables in WORD, quotes removed, spaces kept; LOOKUP gives null for an unset variable. */
    public static String expand(String word, char escape, Function<String, String> lookup) {
        List<String> out = new ShellWords(word, escape, lookup).read(false, (char) 0);
        return out.isEmpty() ? "" : out.getFirst();
    }

    /** Splits TEXT into words on unquoted white space, each expanded. */
    public static List<String> words(String text, char escape, Function<String, String> lookup) {
        return new ShellWords(text, escape, lookup).read(true, (char) 0);
    }

    /**
     * ENV and LABEL pairs: `a=b c="d e"`, or with LEGACY the old `KEY value with spaces` (one pair)
     * when the first word has no `=`.
     */
    public static LinkedHashMap<String, String> pairs(String text, char escape, Function<String, String> lookup,
                                                      boolean legacy) {
        LinkedHashMap<String, String> out = new LinkedHashMap<>();
        String t = text.strip();
        if (t.isEmpty()) {
            return out;
        }
        int space = indexOfSpace(t);
        String first = space < 0 ? t : t.substring(0, space);
        if (!first.contains("=")) {
            if (!legacy || space < 0) {
                throw new IllegalArgumentException("`" + first + "` needs a value: write " + first + "=VALUE");
            }
            out.put(expand(first, escape, lookup), expand(t.substring(space).strip(), escape, lookup));
            return out;
        }
        for (String w : new ShellWords(t, escape, lookup).readPairs()) {
            int eq = w.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("`" + w + "` is not KEY=VALUE");
            }
            out.put(w.substring(0, eq), w.substring(eq + 1));
        }
        return out;
    }

    private static int indexOfSpace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    /** Words whose key part (before the first `=`) is taken literally, as docker does for pairs. */
    private List<String> readPairs() {
        return read(true, (char) 0);
    }

    /** Reads words up to the end (or, when STOP is not 0, an unquoted STOP at nesting level 0). */
    private List<String> read(boolean split, char stop) {
        List<String> words = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean started = false;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (stop != 0 && c == stop) {
                break;
            }
            if (split && Character.isWhitespace(c)) {
                pos++;
                if (started) {
                    words.add(w.toString());
                    w.setLength(0);
                    started = false;
                }
                continue;
            }
            started = true;
            if (c == escape) {
                pos++;
                if (pos < text.length()) {
                    w.append(text.charAt(pos++));
                } else {
                    w.append(c);
                }
            } else if (c == '\'') {
                int end = text.indexOf('\'', pos + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("unterminated single quote in `" + text + "`");
                }
                w.append(text, pos + 1, end);
                pos = end + 1;
            } else if (c == '"') {
                pos++;
                doubleQuoted(w);
            } else if (c == '$') {
                w.append(variable());
            } else {
                w.append(c);
                pos++;
            }
        }
        if (started || (!split && words.isEmpty())) {
            words.add(w.toString());
        }
        return words;
    }

    private void doubleQuoted(StringBuilder w) {
        while (true) {
            if (pos >= text.length()) {
                throw new IllegalArgumentException("unterminated double quote in `" + text + "`");
            }
            char c = text.charAt(pos);
            if (c == '"') {
                pos++;
                return;
            }
            if (c == escape && pos + 1 < text.length()) {
                char next = text.charAt(pos + 1);
                if (next == '"' || next == '$' || next == escape) {
                    w.append(next);
                    pos += 2;
                    continue;
                }
                w.append(c);
                pos++;
            } else if (c == '$') {
                w.append(variable());
            } else {
                w.append(c);
                pos++;
            }
        }
    }

    /** `$NAME` or `${…}` at pos; a `$` before anything else is itself. */
    private String variable() {
        pos++; // the $
        if (pos >= text.length()) {
            return "$";
        }
        char c = text.charAt(pos);
        if (c == '{') {
            pos++;
            return braced();
        }
        int start = pos;
        while (pos < text.length() && isNameChar(text.charAt(pos), pos == start)) {
            pos++;
        }
        if (pos == start) {
            return "$";
        }
        String v = lookup.apply(text.substring(start, pos));
        return v == null ? "" : v;
    }

    private String braced() {
        int start = pos;
        while (pos < text.length() && isNameChar(text.charAt(pos), pos == start)) {
            pos++;
        }
        String name = text.substring(start, pos);
        if (name.isEmpty()) {
            throw new IllegalArgumentException("bad substitution in `" + text + "`: ${ needs a variable name");
        }
        if (pos >= text.length()) {
            throw new IllegalArgumentException("bad substitution in `" + text + "`: missing }");
        }
        String value = lookup.apply(name);
        char c = text.charAt(pos);
        if (c == '}') {
            pos++;
            return value == null ? "" : value;
        }
        boolean colon = c == ':';
        if (colon) {
            pos++;
        }
        if (pos >= text.length()) {
            throw new IllegalArgumentException("bad substitution in `" + text + "`: missing }");
        }
        char op = text.charAt(pos++);
        if (op != '-' && op != '+' && op != '?') {
            throw new IllegalArgumentException("bad substitution in `" + text + "`: unsupported modifier `"
                    + (colon ? ":" : "") + op + "` (use :-, -, :+, +, :? or ?)");
        }
        List<String> word = read(false, '}');
        if (pos >= text.length() || text.charAt(pos) != '}') {
            throw new IllegalArgumentException("bad substitution in `" + text + "`: missing }");
        }
        pos++;
        String arg = word.isEmpty() ? "" : word.getFirst();
        boolean set = colon ? value != null && !value.isEmpty() : value != null;
        return switch (op) {
            case '-' -> set ? value : arg;
            case '+' -> set ? arg : "";
            default -> {
                if (!set) {
                    throw new IllegalArgumentException(name + ": " + (arg.isEmpty() ? "is not set" : arg));
                }
                yield value;
            }
        };
    }

    private static boolean isNameChar(char c, boolean first) {
        return c == '_' || Character.isLetter(c) && c < 128 || !first && Character.isDigit(c);
    }
}

package dev.skiff.runtime.build;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The exec form of an instruction: arguments that are a JSON array, read as Go's {@code encoding/json} reads them.
 * Anything that is not strict JSON ({@code [ "a", 'b']}, a trailing comma, text after the array) is shell form;
 * a valid array holding anything but strings is an error, as in docker.
 */
final class ExecForm {
    /** Go's decoder gives up on deeper nesting. */
    private static final int MAX_DEPTH = 10_000;

    private final String text;
    private int pos;

    private ExecForm(String text) {
        this.text = text;
    }

    /** The strings of {@code arguments}, or {@code null} when they are not a JSON array. */
    static List<String> parse(String arguments) {
        String rest = GoText.trimLeft(arguments);
        if (!rest.startsWith("[")) {
            return null;
        }
        var form = new ExecForm(rest);
        List<String> strings = new ArrayList<>();
        boolean onlyStrings;
        try {
            onlyStrings = form.array(strings);
        } catch (NotJson e) {
            return null;
        }
        if (!onlyStrings) {
            throw new SyntaxProblem("`" + shortened(arguments) + "` is a JSON array holding more than strings",
                    "quote every element, as in [\"sleep\", \"10\"]");
        }
        return strings;
    }

    private static String shortened(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }

    /** Reads the top-level array into {@code strings}; false when some element is not a string. */
    private boolean array(List<String> strings) {
        pos++;
        space();
        boolean onlyStrings = true;
        if (peek() == ']') {
            pos++;
        } else {
            while (true) {
                space();
                if (peek() == '"') {
                    strings.add(string());
                } else {
                    value();
                    onlyStrings = false;
                }
                space();
                int c = next();
                if (c == ']') {
                    break;
                }
                if (c != ',') {
                    throw new NotJson();
                }
            }
        }
        space();
        if (pos != text.length()) {
            throw new NotJson();
        }
        return onlyStrings;
    }

    /** Skips one element that is not a string, nested arrays and objects included, without recursing. */
    private void value() {
        Deque<Character> closers = new ArrayDeque<>();
        while (true) {
            space();
            int c = peek();
            if (c == '[' || c == '{') {
                pos++;
                // the top-level array is one level too
                if (closers.size() + 2 > MAX_DEPTH) {
                    throw new NotJson();
                }
                closers.push(c == '[' ? ']' : '}');
                space();
                if (peek() == closers.peek()) {
                    pos++;
                    closers.pop();
                } else {
                    if (c == '{') {
                        key();
                    }
                    continue;
                }
            } else {
                scalar(c);
            }
            while (true) {
                if (closers.isEmpty()) {
                    return;
                }
                space();
                int n = next();
                if (n == closers.peek()) {
                    closers.pop();
                } else if (n == ',') {
                    if (closers.peek() == '}') {
                        key();
                    }
                    break;
                } else {
                    throw new NotJson();
                }
            }
        }
    }

    private void key() {
        space();
        if (peek() != '"') {
            throw new NotJson();
        }
        string();
        space();
        if (next() != ':') {
            throw new NotJson();
        }
    }

    private void scalar(int c) {
        switch (c) {
            case '"' -> string();
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> number();
        }
    }

    private void literal(String word) {
        if (!text.startsWith(word, pos)) {
            throw new NotJson();
        }
        pos += word.length();
    }

    /** {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?} */
    private void number() {
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
        } else if (isDigit(peek())) {
            digits();
        } else {
            throw new NotJson();
        }
        if (peek() == '.') {
            pos++;
            if (!isDigit(peek())) {
                throw new NotJson();
            }
            digits();
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!isDigit(peek())) {
                throw new NotJson();
            }
            digits();
        }
    }

    private void digits() {
        while (isDigit(peek())) {
            pos++;
        }
    }

    private String string() {
        pos++;
        var out = new StringBuilder();
        while (true) {
            int c = next();
            if (c < 0x20) {
                throw new NotJson();
            }
            if (c == '"') {
                return out.toString();
            }
            if (c != '\\') {
                out.append((char) c);
                continue;
            }
            int e = next();
            switch (e) {
                case '"', '\\', '/' -> out.append((char) e);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> out.appendCodePoint(unicodeEscape());
                default -> throw new NotJson();
            }
        }
    }

    /** A {@code \}{@code uXXXX} escape; a surrogate that does not pair with the next escape reads as U+FFFD, as in Go. */
    private int unicodeEscape() {
        int high = hex4();
        if (!Character.isSurrogate((char) high)) {
            return high;
        }
        if (Character.isHighSurrogate((char) high) && text.startsWith("\\u", pos)) {
            int save = pos;
            pos += 2;
            int low = hex4();
            if (Character.isLowSurrogate((char) low)) {
                return Character.toCodePoint((char) high, (char) low);
            }
            pos = save;
        }
        return 0xFFFD;
    }

    private int hex4() {
        if (pos + 4 > text.length()) {
            throw new NotJson();
        }
        int v = 0;
        for (int i = 0; i < 4; i++) {
            char c = text.charAt(pos + i);
            int d = hexDigit(c);
            if (d < 0) {
                throw new NotJson();
            }
            v = v * 16 + d;
        }
        pos += 4;
        return v;
    }

    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }

    /** JSON's white space: space, tab, line feed, carriage return. */
    private void space() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private int peek() {
        return pos < text.length() ? text.charAt(pos) : -1;
    }

    private int next() {
        return pos < text.length() ? text.charAt(pos++) : -1;
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    /** The arguments are not JSON: they are shell form. */
    private static final class NotJson extends RuntimeException {
        NotJson() {
            super(null, null, false, false);
        }
    }
}

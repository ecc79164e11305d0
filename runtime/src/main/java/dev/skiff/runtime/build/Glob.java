package dev.skiff.runtime.build;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Go's path/filepath lexical rules that build contexts rely on: Match's pattern syntax and Clean. */
final class Glob {
    /** What filepath.Match reports (ErrBadPattern) for a pattern it cannot parse. */
    static final String SYNTAX_ERROR = "syntax error in pattern";

    private Glob() {
    }

    /** A pattern filepath.Match refuses: an unclosed or malformed `[...]`, or a trailing backslash. */
    static final class SyntaxException extends Exception {
        SyntaxException() {
            super(SYNTAX_ERROR);
        }
    }

    /** Whether a COPY source component has an unescaped `*`, `?` or `[`; a backslash skips the next character. */
    static boolean hasWildcard(String component) {
        for (int i = 0; i < component.length(); i++) {
            char c = component.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '*' || c == '?' || c == '[') {
                return true;
            }
        }
        return false;
    }

    /** One path component matched as filepath.Match does: `*` and `?` never cross a `/`, `\` escapes. */
    static Pattern component(String glob) throws SyntaxException {
        StringBuilder regex = new StringBuilder();
        int i = 0;
        while (i < glob.length()) {
            int c = glob.codePointAt(i);
            i += Character.charCount(c);
            switch (c) {
                case '*' -> regex.append("[^/]*");
                case '?' -> regex.append("[^/]");
                case '[' -> i = appendClass(glob, i, regex);
                case '\\' -> {
                    if (i >= glob.length()) {
                        throw new SyntaxException();
                    }
                    int escaped = glob.codePointAt(i);
                    i += Character.charCount(escaped);
                    appendLiteral(escaped, regex);
                }
                default -> appendLiteral(c, regex);
            }
        }
        return Pattern.compile(regex.toString());
    }

    /**
     * Parses the character class whose `[` ends just before FROM into a Java class appended to REGEX, and returns the
     * index after its `]`. The syntax is filepath.Match's: an optional `^`, then characters or `lo-hi` ranges, where
     * `\` escapes and an unescaped `-` or `]` may not start an element; `lo` above `hi` is refused, as Go's regexp
     * (which docker compiles ignore patterns into) refuses it.
     */
    static int appendClass(String p, int from, StringBuilder regex) throws SyntaxException {
        int i = from;
        regex.append('[');
        if (i < p.length() && p.charAt(i) == '^') {
            regex.append('^');
            i++;
        }
        int elements = 0;
        while (true) {
            if (i >= p.length()) {
                throw new SyntaxException();
            }
            if (p.charAt(i) == ']' && elements > 0) {
                regex.append(']');
                return i + 1;
            }
            int[] lo = classChar(p, i);
            i = lo[1];
            int hi = lo[0];
            if (i < p.length() && p.charAt(i) == '-') {
                int[] end = classChar(p, i + 1);
                hi = end[0];
                i = end[1];
                if (hi < lo[0]) {
                    throw new SyntaxException();
                }
            }
            appendCodePoint(lo[0], regex);
            if (hi != lo[0]) {
                regex.append('-');
                appendCodePoint(hi, regex);
            }
            elements++;
        }
    }

    /** One class element character at I, unescaped: {code point, index after it}. */
    private static int[] classChar(String p, int i) throws SyntaxException {
        if (i >= p.length()) {
            throw new SyntaxException();
        }
        int c = p.codePointAt(i);
        if (c == '-' || c == ']') {
            throw new SyntaxException();
        }
        if (c == '\\') {
            i++;
            if (i >= p.length()) {
                throw new SyntaxException();
            }
            c = p.codePointAt(i);
        }
        return new int[] {c, i + Character.charCount(c)};
    }

    /** Appends C so that java.util.regex reads it as that character and nothing else. */
    static void appendLiteral(int c, StringBuilder regex) {
        if (Character.isLetterOrDigit(c) || c == '/' || c == '_') {
            regex.appendCodePoint(c);
        } else {
            appendCodePoint(c, regex);
        }
    }

    private static void appendCodePoint(int c, StringBuilder regex) {
        regex.append("\\x{").append(Integer.toHexString(c)).append('}');
    }

    /**
     * Go's filepath.Clean on a '/'-separated path: repeated slashes, `.` elements and a trailing slash dropped, `..`
     * resolved lexically (kept when it climbs above a relative start, dropped above `/`); the empty path becomes `.`.
     */
    static String clean(String path) {
        if (path.isEmpty()) {
            return ".";
        }
        boolean rooted = path.charAt(0) == '/';
        List<String> out = new ArrayList<>();
        int climbs = 0;
        for (String element : path.split("/")) {
            if (element.isEmpty() || element.equals(".")) {
                continue;
            }
            if (element.equals("..")) {
                if (out.size() > climbs) {
                    out.removeLast();
                } else if (!rooted) {
                    out.add("..");
                    climbs++;
                }
                continue;
            }
            out.add(element);
        }
        String joined = String.join("/", out);
        if (rooted) {
            return "/" + joined;
        }
        return joined.isEmpty() ? "." : joined;
    }
}

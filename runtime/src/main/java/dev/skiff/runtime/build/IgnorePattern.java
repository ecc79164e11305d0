package dev.skiff.runtime.build;

import java.util.regex.Pattern;

/** One cleaned ignore pattern, compiled as moby's patternmatcher compiles it, its shortcuts' quirks included. */
final class IgnorePattern {
    private enum Kind { EXACT, PREFIX, SUFFIX, REGEX }

    private final String text;
    private final boolean exception;
    private final Kind kind;
    private final Pattern regex;
    /**
     * What a PREFIX or SUFFIX pattern compares with: the text without its trailing or leading `**`; for a REGEX, the
     * literal characters it ends with, which a path must end with before the regex is worth running.
     */
    private final String affix;

    private IgnorePattern(String text, boolean exception, Kind kind, Pattern regex, String literalTail) {
        this.text = text;
        this.exception = exception;
        this.kind = kind;
        this.regex = regex;
        this.affix = switch (kind) {
            case PREFIX -> text.substring(0, text.length() - 2);
            case SUFFIX -> text.substring(2);
            case REGEX -> literalTail;
            case EXACT -> text;
        };
    }

    /**
     * Compiles TEXT, already cleaned and without its leading `!`; EXCEPTION marks a `!` line. `*` and `?` stay within
     * one path component and `**` spans any number of them. Like patternmatcher, a pattern that is plain text but for
     * a trailing `**` compares as a prefix, and one that is plain text but for a leading `**` as a suffix: so
     * `**.txt` matches `a/b.txt`, which its regular expression alone would not.
     */
    static IgnorePattern compile(String text, boolean exception) throws Glob.SyntaxException {
        StringBuilder regex = new StringBuilder();
        StringBuilder tail = new StringBuilder();
        Kind kind = Kind.EXACT;
        int i = 0;
        for (int step = 0; i < text.length(); step++) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            switch (c) {
                case '*' -> {
                    if (i < text.length() && text.charAt(i) == '*') {
                        i++;
                        if (i < text.length() && text.charAt(i) == '/') {
                            i++;
                        }
                        if (i < text.length()) {
                            // zero or more whole components, the `/` after `**` included
                            regex.append("(?:.*/)?");
                            kind = Kind.REGEX;
                        } else if (kind == Kind.EXACT) {
                            kind = Kind.PREFIX;
                        } else {
                            regex.append(".*");
                            kind = Kind.REGEX;
                        }
                        if (step == 0) {
                            kind = Kind.SUFFIX;
                        }
                    } else {
                        regex.append("[^/]*");
                        kind = Kind.REGEX;
                    }
                }
                case '?' -> {
                    regex.append("[^/]");
                    kind = Kind.REGEX;
                }
                case '[' -> {
                    i = Glob.appendClass(text, i, regex);
                    kind = Kind.REGEX;
                }
                case ']' -> {
                    Glob.appendLiteral(c, regex);
                    tail.appendCodePoint(c);
                    kind = Kind.REGEX;
                }
                case '\\' -> {
                    if (i >= text.length()) {
                        throw new Glob.SyntaxException();
                    }
                    int escaped = text.codePointAt(i);
                    i += Character.charCount(escaped);
                    Glob.appendLiteral(escaped, regex);
                    tail.appendCodePoint(escaped);
                    kind = Kind.REGEX;
                }
                default -> {
                    Glob.appendLiteral(c, regex);
                    tail.appendCodePoint(c);
                }
            }
            if (c == '*' || c == '?' || c == '[') {
                tail.setLength(0);
            }
        }
        // Go's `.` stops only at '\n'; UNIX_LINES makes Java's do the same
        Pattern compiled = kind == Kind.REGEX ? Pattern.compile(regex.toString(), Pattern.UNIX_LINES) : null;
        return new IgnorePattern(text, exception, kind, compiled, tail.toString());
    }

    /** The cleaned pattern, without the `!` of an exception. */
    String text() {
        return text;
    }

    /** Whether this is a `!` line, which re-includes what it matches. */
    boolean exception() {
        return exception;
    }

    /** Whether this pattern alone matches PATH (a cleaned relative path); parents are the caller's business. */
    boolean matches(String path) {
        return switch (kind) {
            case EXACT -> path.equals(text);
            case PREFIX -> path.startsWith(affix);
            // `**/foo` matches `foo` itself as well
            case SUFFIX -> path.endsWith(affix) || affix.startsWith("/") && path.length() == affix.length() - 1
                    && path.regionMatches(0, affix, 1, path.length());
            case REGEX -> path.endsWith(affix) && regex.matcher(path).matches();
        };
    }

    @Override
    public String toString() {
        return exception ? "!" + text : text;
    }
}

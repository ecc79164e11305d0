package dev.skiff.runtime.build;

import java.util.regex.Pattern;

/**
 * One cleaned ignore-file pattern compiled as moby's patternmatcher compiles it: `*` and `?` stay within one path
 * component, `**` spans any number of components, and the shortcuts it takes for patterns without wildcards (exact,
 * prefix `foo/**`, suffix `**&#47;foo`) keep their exact behaviour, `**.txt` matching `a/b.txt` included.
 */
final class IgnorePattern {
    private enum Kind { EXACT, PREFIX, SUFFIX, REGEX }

    private final String text;
    private final boolean exception;
    private final Kind kind;
    private final Pattern regex;
    /** What a PREFIX or SUFFIX pattern compares with: the text without its trailing or leading `**`. */
    private final String affix;

    private IgnorePattern(String text, boolean exception, Kind kind, Pattern regex) {
        this.text = text;
        this.exception = exception;
        this.kind = kind;
        this.regex = regex;
        this.affix = switch (kind) {
            case PREFIX -> text.substring(0, text.length() - 2);
            case SUFFIX -> text.substring(2);
            default -> text;
        };
    }

    /** Compiles TEXT, already cleaned and without its leading `!`; EXCEPTION marks a `!` line. */
    static IgnorePattern compile(String text, boolean exception) throws Glob.SyntaxException {
        StringBuilder regex = new StringBuilder();
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
                    kind = Kind.REGEX;
                }
                case '\\' -> {
                    if (i >= text.length()) {
                        throw new Glob.SyntaxException();
                    }
                    int escaped = text.codePointAt(i);
                    i += Character.charCount(escaped);
                    Glob.appendLiteral(escaped, regex);
                    kind = Kind.REGEX;
                }
                default -> Glob.appendLiteral(c, regex);
            }
        }
        // Go's `.` stops only at '\n'; UNIX_LINES makes Java's do the same
        Pattern compiled = kind == Kind.REGEX ? Pattern.compile(regex.toString(), Pattern.UNIX_LINES) : null;
        return new IgnorePattern(text, exception, kind, compiled);
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
            case SUFFIX -> path.endsWith(affix)
                    || affix.length() > 1 && affix.charAt(0) == '/' && path.regionMatches(0, affix, 1, affix.length() - 1)
                    && path.length() == affix.length() - 1;
            case REGEX -> regex.matcher(path).matches();
        };
    }

    @Override
    public String toString() {
        return exception ? "!" + text : text;
    }
}

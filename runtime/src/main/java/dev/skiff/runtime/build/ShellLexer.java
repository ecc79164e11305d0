package dev.skiff.runtime.build;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The Dockerfile frontend's shell-like lexer: quotes, the escape character, {@code $VAR} and the {@code ${VAR...}}
 * forms, and word splitting. One instance reads one text at a time; errors are {@link IllegalArgumentException}s.
 */
final class ShellLexer {
    private static final int EOF = -1;

    private final int escape;
    private final Function<String, String> lookup;
    private final boolean rawQuotes;
    private final boolean skipUnset;
    private boolean rawEscapes;
    private int[] src = new int[0];
    private int pos;

    /**
     * @param rawQuotes keep quote characters in the result
     * @param rawEscapes keep escape characters in the result
     * @param skipUnset leave references to unset variables as written
     */
    ShellLexer(char escape, Function<String, String> lookup, boolean rawQuotes, boolean rawEscapes, boolean skipUnset) {
        this.escape = escape;
        this.lookup = lookup;
        this.rawQuotes = rawQuotes;
        this.rawEscapes = rawEscapes;
        this.skipUnset = skipUnset;
    }

    /** {@code text} as one word: quotes removed, variables expanded, white space kept. */
    String word(String text) {
        return process(text).word;
    }

    /** {@code text} split on white space that is neither quoted nor escaped, also inside expanded values. */
    List<String> words(String text) {
        return process(text).words;
    }

    /** What a read produced: the text as one word, and cut into words. */
    private record Processed(String word, List<String> words) {}

    private Processed process(String text) {
        src = text.codePoints().toArray();
        pos = 0;
        return until(EOF, rawEscapes);
    }

    /** Reads up to {@code stop} (consumed) or the end of the text. */
    private Processed until(int stop, boolean raw) {
        boolean saved = rawEscapes;
        rawEscapes = raw;
        try {
            var result = new StringBuilder();
            var words = new Words();
            while (peek() != EOF) {
                int ch = peek();
                if (stop != EOF && ch == stop) {
                    next();
                    return new Processed(result.toString(), words.finish());
                }
                if (ch == '$') {
                    String value = dollar();
                    result.append(value);
                    words.addString(value);
                } else if (ch == '<' || ch == '\'' || ch == '"') {
                    String part = ch == '<' ? possibleHeredoc() : ch == '\'' ? singleQuoted() : doubleQuoted();
                    result.append(part);
                    words.addRaw(part);
                } else {
                    ch = next();
                    if (ch == escape) {
                        if (rawEscapes) {
                            words.addRawChar(ch);
                            result.appendCodePoint(ch);
                        }
                        ch = next();
                        if (ch == EOF) {
                            break;
                        }
                        words.addRawChar(ch);
                    } else {
                        words.addChar(ch);
                    }
                    result.appendCodePoint(ch);
                }
            }
            if (stop != EOF) {
                throw new IllegalArgumentException("no matching `" + Character.toString(stop) + "` before the end");
            }
            return new Processed(result.toString(), words.finish());
        } finally {
            rawEscapes = saved;
        }
    }

    /** Everything up to the closing {@code '} as written; nothing can be escaped inside. */
    private String singleQuoted() {
        var out = new StringBuilder();
        int ch = next();
        if (rawQuotes) {
            out.appendCodePoint(ch);
        }
        while (true) {
            ch = next();
            if (ch == EOF) {
                throw new IllegalArgumentException("unterminated single quote");
            }
            if (ch == '\'') {
                if (rawQuotes) {
                    out.appendCodePoint(ch);
                }
                return out.toString();
            }
            out.appendCodePoint(ch);
        }
    }

    /** Up to the closing {@code "}: variables expanded; the escape character escapes only {@code " $} and itself. */
    private String doubleQuoted() {
        var out = new StringBuilder();
        int ch = next();
        if (rawQuotes) {
            out.appendCodePoint(ch);
        }
        while (true) {
            switch (peek()) {
                case EOF -> throw new IllegalArgumentException("unterminated double quote");
                case '"' -> {
                    ch = next();
                    if (rawQuotes) {
                        out.appendCodePoint(ch);
                    }
                    return out.toString();
                }
                case '$' -> out.append(dollar());
                default -> {
                    ch = next();
                    if (ch == escape) {
                        if (rawEscapes) {
                            out.appendCodePoint(ch);
                        }
                        int after = peek();
                        if (after == EOF) {
                            continue;
                        }
                        if (after == '"' || after == '$' || after == escape) {
                            ch = next();
                        }
                    }
                    out.appendCodePoint(ch);
                }
            }
        }
    }

    /** {@code <<} and the blanks after it stay one piece, so that {@code << EOF} is one heredoc word. */
    private String possibleHeredoc() {
        next();
        if (peek() != '<') {
            return "<";
        }
        next();
        var out = new StringBuilder("<<");
        while (peek() == '\t' || peek() == '\r' || peek() == ' ') {
            out.appendCodePoint(next());
        }
        return out.toString();
    }

    private String dollar() {
        next();
        if (peek() != '{') {
            String name = name();
            if (name.isEmpty()) {
                return "$";
            }
            String value = lookup.apply(name);
            if (value == null && skipUnset) {
                return "$" + name;
            }
            return value == null ? "" : value;
        }
        next();
        int first = peek();
        if (first == EOF) {
            throw missingBrace();
        }
        if (first == '{' || first == '}' || first == ':') {
            throw new IllegalArgumentException("bad substitution: `${` must be followed by a variable name");
        }
        String name = name();
        int ch = next();
        if (ch == EOF) {
            throw missingBrace();
        }
        if (ch == '}') {
            String value = lookup.apply(name);
            if (value == null && skipUnset) {
                return "${" + name + "}";
            }
            return value == null ? "" : value;
        }
        if (ch == '/') {
            return substitution(name);
        }
        return modifier(name, ch);
    }

    /** {@code ${name:-word}} and its kin: {@code - + ?} with or without {@code :}, and {@code # ## % %%}. */
    private String modifier(String name, int first) {
        int ch = first;
        String op = Character.toString(first);
        boolean nullIsUnset = false;
        if (ch == ':') {
            nullIsUnset = true;
            ch = next();
            if (ch == EOF) {
                throw missingBrace();
            }
            op += Character.toString(ch);
        }
        if (ch != '+' && ch != '-' && ch != '?' && ch != '#' && ch != '%' && !nullIsUnset) {
            throw unsupported(name, op);
        }
        boolean pattern = ch == '#' || ch == '%';
        if (nullIsUnset && pattern) {
            throw unsupported(name, op);
        }
        String word = untilBrace(pattern);
        String value = lookup.apply(name);
        boolean set = value != null;
        if (!set && skipUnset) {
            return "${" + name + op + word + "}";
        }
        boolean empty = !set || nullIsUnset && value.isEmpty();
        switch (ch) {
            case '-':
                return empty ? word : value;
            case '+':
                return empty ? "" : word;
            case '?':
                if (empty) {
                    String why = !set ? "is not allowed to be unset" : "is not allowed to be empty";
                    throw new IllegalArgumentException(name + ": " + (word.isEmpty() ? why : word));
                }
                return value;
            case '#', '%':
                boolean greedy = !word.isEmpty() && word.charAt(0) == ch;
                String glob = greedy ? word.substring(1) : word;
                return ch == '%' ? ShellPattern.trimSuffix(glob, value == null ? "" : value, greedy)
                        : ShellPattern.trimPrefix(glob, value == null ? "" : value, greedy);
            default:
                throw unsupported(name, op);
        }
    }

    /** {@code ${name/pattern/replacement}} and {@code ${name//pattern/replacement}}. */
    private String substitution(String name) {
        boolean all = peek() == '/';
        if (all) {
            next();
        }
        String pattern;
        try {
            pattern = until('/', true).word;
        } catch (IllegalArgumentException e) {
            if (peek() == EOF) {
                throw new IllegalArgumentException("missing `/` after the pattern in `${" + name + "/...}`");
            }
            throw e;
        }
        String replacement = untilBrace(true);
        String value = lookup.apply(name);
        if (value == null && skipUnset) {
            return "${" + name + "/" + pattern + "/" + replacement + "}";
        }
        return ShellPattern.replace(value == null ? "" : value, pattern, replacement, all);
    }

    private String untilBrace(boolean raw) {
        try {
            return until('}', raw).word;
        } catch (IllegalArgumentException e) {
            if (peek() == EOF) {
                throw missingBrace();
            }
            throw e;
        }
    }

    /** A variable name: letters, digits and {@code _}; or a run of digits; or one special parameter. */
    private String name() {
        var name = new StringBuilder();
        while (peek() != EOF) {
            int ch = peek();
            if (name.isEmpty() && Character.isDigit(ch)) {
                while (peek() != EOF && Character.isDigit(peek())) {
                    name.appendCodePoint(next());
                }
                return name.toString();
            }
            if (name.isEmpty() && "@*#?-$!0".indexOf(ch) >= 0) {
                return Character.toString(next());
            }
            if (!Character.isLetter(ch) && !Character.isDigit(ch) && ch != '_') {
                break;
            }
            name.appendCodePoint(next());
        }
        return name.toString();
    }

    private static IllegalArgumentException missingBrace() {
        return new IllegalArgumentException("missing `}` after `${`");
    }

    private static IllegalArgumentException unsupported(String name, String op) {
        return new IllegalArgumentException("unsupported modifier `" + op + "` in `${" + name + op + "...}`");
    }

    private int peek() {
        return pos < src.length ? src[pos] : EOF;
    }

    private int next() {
        return pos < src.length ? src[pos++] : EOF;
    }

    /** Words being cut: unquoted white space ends one; quoted text and escaped characters never do. */
    private static final class Words {
        private final StringBuilder word = new StringBuilder();
        private final List<String> words = new ArrayList<>();
        private boolean inWord;

        void addChar(int ch) {
            if (GoText.isSpace(ch)) {
                if (inWord && !word.isEmpty()) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                addRawChar(ch);
            }
        }

        void addRawChar(int ch) {
            word.appendCodePoint(ch);
            inWord = true;
        }

        void addString(String s) {
            s.codePoints().forEach(this::addChar);
        }

        void addRaw(String s) {
            word.append(s);
            inWord = true;
        }

        List<String> finish() {
            if (!word.isEmpty()) {
                words.add(word.toString());
                word.setLength(0);
                inWord = false;
            }
            return words;
        }
    }
}

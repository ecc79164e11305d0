package dev.skiff.man;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Escaping and inline formatting of text for troff man pages. */
final class Troff {
    /** picocli's inline markup: {@code @|bold,underline text|@}. */
    private static final Pattern MARKUP = Pattern.compile("@\\|([\\w,]+)\\s(.*?)\\|@", Pattern.DOTALL);
    /** Synopsis tokens: a word, or one character of punctuation or space. */
    private static final Pattern TOKEN =
            Pattern.compile("--\\[no-][^\\s\\[\\]{}()|=]+|<[^<>\\s]+>|[^\\s\\[\\]{}()|=]+|\\s+|.");

    private Troff() {}

    /** Text escaped to print literally in the middle of a troff line. */
    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        s.codePoints().forEach(c -> {
            switch (c) {
                case '\\' -> out.append("\\e");
                case '-' -> out.append("\\-");
                case '\'' -> out.append("\\(aq");
                case '`' -> out.append("\\(ga");
                case '\t' -> out.append(' ');
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        // control characters have no place in a page
                    } else if (c < 0x80) {
                        out.append((char) c);
                    } else {
                        out.append(String.format("\\[u%04X]", c));
                    }
                }
            }
        });
        return out.toString();
    }

    /** Bold escaped text. */
    static String bold(String s) {
        return s.isEmpty() ? "" : "\\fB" + escape(s) + "\\fR";
    }

    /** Italic escaped text. */
    static String italic(String s) {
        return s.isEmpty() ? "" : "\\fI" + escape(s) + "\\fR";
    }

    /** A reference to another page, never hyphenated: {@code \%\fBskiff\-run\fR(1)}. */
    static String ref(String page) {
        return "\\%" + bold(page) + "(1)";
    }

    /** An already escaped line made safe to start a troff input line. */
    static String line(String escaped) {
        return escaped.startsWith(".") || escaped.startsWith("'") ? "\\&" + escaped : escaped;
    }

    /** picocli's format directives the help applies to descriptions: {@code %n} and {@code %%}. */
    static String format(String s) {
        return s.replace("%n", "\n").replace("%%", "%");
    }

    /** Description text, escaped, with picocli markup turned into bold and italics. */
    static String markup(String s) {
        StringBuilder out = new StringBuilder();
        Matcher m = MARKUP.matcher(s);
        int at = 0;
        while (m.find()) {
            out.append(escape(s.substring(at, m.start())));
            List<String> styles = List.of(m.group(1).toLowerCase(java.util.Locale.ROOT).split(","));
            String text = m.group(2);
            if (styles.contains("bold")) {
                out.append(bold(text));
            } else if (styles.contains("italic") || styles.contains("underline")) {
                out.append(italic(text));
            } else {
                out.append(escape(text));
            }
            at = m.end();
        }
        return out.append(escape(s.substring(at))).toString();
    }

    /**
     * Description lines as troff input: picocli's line structure kept, an empty line starting a
     * new paragraph, a line indented in the source kept on a line of its own.
     */
    static List<String> paragraphs(String[] description) {
        List<String> lines = new ArrayList<>();
        for (String element : description) {
            lines.addAll(List.of(format(element).split("\n", -1)));
        }
        List<String> out = new ArrayList<>();
        boolean pending = false;
        boolean indented = false;
        for (String l : lines) {
            String text = l.stripTrailing();
            if (text.isEmpty()) {
                pending = !out.isEmpty();
                continue;
            }
            boolean indent = Character.isWhitespace(text.charAt(0));
            if (pending) {
                out.add(".PP");
                pending = false;
            } else if (indented && !indent) {
                out.add(".br");
            }
            indented = indent;
            out.add(line(markup(text)));
        }
        return out;
    }

    /**
     * One synopsis line as troff input in the man page style: the first {@code commandWords}
     * words, which name the command, bold with the rest hanging after them, option names bold,
     * placeholders italic, punctuation plain.
     */
    static List<String> synopsis(String text, int commandWords) {
        List<String> words = List.of(text.strip().split("\\s+"));
        int n = Math.min(commandWords, words.size());
        List<String> prefix = words.subList(0, n);
        String rest = String.join(" ", words.subList(n, words.size()));
        StringBuilder args = new StringBuilder();
        Matcher m = TOKEN.matcher(rest);
        while (m.find()) {
            String t = m.group();
            if (t.isBlank()) {
                args.append(' ');
            } else if (t.endsWith("...") && t.length() > 3) {
                args.append(word(t.substring(0, t.length() - 3))).append("...");
            } else {
                args.append(word(t));
            }
        }
        if (prefix.isEmpty()) {
            return List.of(".PP", line(args.toString()));
        }
        List<String> out = new ArrayList<>();
        out.add(".SY \"" + escape(String.join(" ", prefix)) + "\"");
        if (!args.isEmpty()) {
            out.add(line(args.toString()));
        }
        out.add(".YS");
        return out;
    }

    private static String word(String t) {
        if (t.equals("...") || t.length() == 1 && "[]{}()|=".contains(t)) {
            return escape(t);
        }
        return t.startsWith("-") ? bold(t) : italic(t);
    }
}

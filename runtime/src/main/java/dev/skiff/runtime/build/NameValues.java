package dev.skiff.runtime.build;

import java.util.ArrayList;
import java.util.List;

/**
 * The arguments of ENV, LABEL and ARG cut into names and values, quotes and escapes still in place: either
 * {@code name=value ...} or, for ENV and LABEL, the legacy {@code NAME the rest of the line}.
 */
final class NameValues {
    private NameValues() {}

    /** One name and its value as written; the value is {@code null} for an ARG declared without a default. */
    record Pair(String name, String value) {}

    /**
     * The pairs of {@code arguments}. {@code keyword} names the instruction in errors (or is empty); {@code legacy}
     * allows the one-pair {@code NAME value} form and requires {@code =} in every word of the other form (ENV, LABEL);
     * without it a word with no {@code =} declares a name with no value (ARG).
     */
    static List<Pair> pairs(String arguments, char escape, String keyword, boolean legacy) {
        String text = GoText.trim(arguments);
        List<String> words = words(text, escape);
        List<Pair> pairs = new ArrayList<>();
        if (words.isEmpty()) {
            return pairs;
        }
        if (legacy && words.getFirst().indexOf('=') < 0) {
            List<String> parts = GoText.split(text, 2);
            if (parts.size() < 2) {
                throw new SyntaxProblem(label(keyword) + "`" + text + "` has a name but no value",
                        "write `" + text + "=value`");
            }
            pairs.add(new Pair(parts.get(0), parts.get(1)));
            return pairs;
        }
        for (String word : words) {
            int eq = word.indexOf('=');
            if (eq < 0 && legacy) {
                throw new SyntaxProblem(label(keyword) + "`" + word + "` is not of the form name=value",
                        "write `" + word + "=value`, or quote or escape the blanks in the value before it");
            }
            if (eq == 0) {
                throw new SyntaxProblem(label(keyword) + "`" + word + "` has a blank name", "put a name before the `=`");
            }
            pairs.add(eq < 0 ? new Pair(word, null) : new Pair(word.substring(0, eq), word.substring(eq + 1)));
        }
        return pairs;
    }

    private static String label(String keyword) {
        return keyword.isEmpty() ? "" : keyword + " ";
    }

    /**
     * {@code text} cut on white space outside quotes, quotes and escapes kept. An escape character outside quotes, or
     * inside double quotes, keeps the next character in the word; one at the very end is dropped.
     */
    static List<String> words(String text, char escape) {
        final int spaces = 0;
        final int word = 1;
        final int quoted = 2;
        List<String> words = new ArrayList<>();
        int[] cps = text.codePoints().toArray();
        int n = cps.length;
        int phase = spaces;
        int quote = 0;
        boolean blankOk = false;
        var current = new StringBuilder();
        for (int pos = 0; pos <= n; pos++) {
            int ch = pos < n ? cps[pos] : -1;
            if (phase == spaces) {
                if (pos == n) {
                    break;
                }
                if (GoText.isSpace(ch)) {
                    continue;
                }
                phase = word;
            }
            if (pos == n) {
                if (blankOk || !current.isEmpty()) {
                    words.add(current.toString());
                }
                break;
            }
            if (phase == word) {
                if (GoText.isSpace(ch)) {
                    phase = spaces;
                    if (blankOk || !current.isEmpty()) {
                        words.add(current.toString());
                    }
                    current.setLength(0);
                    blankOk = false;
                    continue;
                }
                if (ch == '\'' || ch == '"') {
                    quote = ch;
                    blankOk = true;
                    phase = quoted;
                }
                if (ch == escape) {
                    if (pos + 1 == n) {
                        continue;
                    }
                    current.appendCodePoint(ch);
                    ch = cps[++pos];
                }
                current.appendCodePoint(ch);
                continue;
            }
            if (ch == quote) {
                phase = word;
            }
            if (ch == escape && quote != '\'') {
                if (pos + 1 == n) {
                    phase = word;
                    continue;
                }
                current.appendCodePoint(ch);
                ch = cps[++pos];
            }
            current.appendCodePoint(ch);
        }
        return words;
    }
}

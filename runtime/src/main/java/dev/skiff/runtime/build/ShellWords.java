package dev.skiff.runtime.build;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Variable expansion and word splitting as the Dockerfile frontend does them: {@code $VAR}, {@code ${VAR}},
 * {@code ${VAR:-word}}, {@code ${VAR-word}}, {@code ${VAR:+word}}, {@code ${VAR+word}}, {@code ${VAR:?message}},
 * {@code ${VAR?message}}, {@code ${VAR#pattern}}, {@code ${VAR##pattern}}, {@code ${VAR%pattern}},
 * {@code ${VAR%%pattern}}, {@code ${VAR/pattern/replacement}} and {@code ${VAR//pattern/replacement}}; single quotes
 * literal; double quotes expanding, with the escape character escaping only {@code "}, {@code $} and itself; the
 * escape character outside quotes escaping anything. Unset variables expand to nothing. Bad syntax, and {@code ?} on
 * an unset variable, throw {@link IllegalArgumentException}.
 */
public final class ShellWords {
    private ShellWords() {}

    /** Expands variables in WORD (quotes removed) with LOOKUP (returns null when unset). */
    public static String expand(String word, char escape, Function<String, String> lookup) {
        try {
            return lexer(escape, lookup).word(word);
        } catch (IllegalArgumentException e) {
            throw failed(word, e);
        }
    }

    /**
     * Splits TEXT into words on unquoted whitespace, expanding variables in each; quotes removed; escapes honoured.
     * As in a shell, an unquoted expansion is split too, and an empty word ({@code ""}) is dropped.
     */
    public static List<String> words(String text, char escape, Function<String, String> lookup) {
        try {
            return List.copyOf(lexer(escape, lookup).words(text));
        } catch (IllegalArgumentException e) {
            throw failed(text, e);
        }
    }

    /**
     * ENV/LABEL/ARG-style pairs: {@code a=b c="d e"}, or with {@code legacyAllowed} the legacy {@code KEY value with
     * spaces} form (one pair), told apart by whether the first word holds {@code =}. Names and values are expanded with
     * LOOKUP, all against the variables as they were before the instruction. Without {@code legacyAllowed} (ARG) a word
     * with no {@code =} declares a name whose value is {@code null}. A later pair replaces an earlier one of the same
     * name.
     */
    public static LinkedHashMap<String, String> pairs(String text, char escape, Function<String, String> lookup,
                                                      boolean legacyAllowed) {
        Objects.requireNonNull(text, "text");
        LinkedHashMap<String, String> pairs = new LinkedHashMap<>();
        for (NameValues.Pair pair : NameValues.pairs(text, escape, "", legacyAllowed)) {
            String name = expand(pair.name(), escape, lookup);
            pairs.put(name, pair.value() == null ? null : expand(pair.value(), escape, lookup));
        }
        return pairs;
    }

    private static ShellLexer lexer(char escape, Function<String, String> lookup) {
        Objects.requireNonNull(lookup, "lookup");
        if (escape != '\\' && escape != '`') {
            throw new IllegalArgumentException("escape character `" + escape + "` is neither \\ nor `");
        }
        return new ShellLexer(escape, lookup, false, false, false);
    }

    private static IllegalArgumentException failed(String text, IllegalArgumentException cause) {
        return new IllegalArgumentException("cannot expand `" + text + "`: " + cause.getMessage(), cause);
    }
}

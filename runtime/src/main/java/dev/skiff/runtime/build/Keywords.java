package dev.skiff.runtime.build;

import java.util.List;
import java.util.Locale;

/** The Dockerfile instructions, and the suggestion for a misspelt one. */
final class Keywords {
    static final List<String> ALL = List.of("FROM", "RUN", "CMD", "LABEL", "MAINTAINER", "EXPOSE", "ENV", "ADD", "COPY",
            "ENTRYPOINT", "VOLUME", "USER", "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL");

    private Keywords() {}

    static boolean known(String keyword) {
        return ALL.contains(keyword);
    }

    /**
     * The keyword within two edits of {@code written} (ignoring case), in lower case when it was written in lower case;
     * {@code null} when none is that close.
     */
    static String suggest(String written) {
        String lower = written.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = 3;
        for (String keyword : ALL) {
            int d = distance(lower, keyword.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = keyword;
                bestDistance = d;
            }
        }
        if (best == null) {
            return null;
        }
        return written.equals(lower) ? best.toLowerCase(Locale.ROOT) : best;
    }

    /** Levenshtein distance over code points. */
    static int distance(String a, String b) {
        int[] x = a.codePoints().toArray();
        int[] y = b.codePoints().toArray();
        int[] prev = new int[y.length + 1];
        int[] cur = new int[y.length + 1];
        for (int j = 0; j <= y.length; j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= x.length; i++) {
            cur[0] = i;
            for (int j = 1; j <= y.length; j++) {
                int substitute = prev[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1);
                cur[j] = Math.min(substitute, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[y.length];
    }
}

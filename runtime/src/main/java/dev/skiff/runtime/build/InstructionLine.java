package dev.skiff.runtime.build;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One instruction's line (continuations already joined) cut into keyword, flags and arguments, with the checks the
 * frontend makes while cutting: JSON arrays of strings only, and ENV and LABEL in name=value form.
 */
final class InstructionLine {
    private static final Set<String> MAYBE_JSON = Set.of("RUN", "CMD", "ENTRYPOINT", "SHELL", "COPY", "ADD", "VOLUME");
    private static final Set<String> HEREDOC_KEYWORDS = Set.of("RUN", "COPY", "ADD");

    private InstructionLine() {}

    /**
     * A cut line. {@code written} is the keyword as written, {@code keyword} upper-cased; {@code inner} is ONBUILD's
     * trigger instruction.
     */
    record Split(String written, String keyword, List<String> flags, String text, List<String> json, Split inner) {
        /** Whether heredoc markers in the line count: RUN, COPY and ADD (also as ONBUILD triggers) in shell form. */
        boolean takesHeredocs() {
            Split target = keyword.equals("ONBUILD") && inner != null ? inner : this;
            return HEREDOC_KEYWORDS.contains(target.keyword) && target.json == null;
        }
    }

    static Split split(String line, char escape) {
        List<String> parts = GoText.split(GoText.trim(line), 2);
        String written = parts.getFirst();
        String keyword = written.toUpperCase(Locale.ROOT);
        List<String> flags = List.of();
        String text = "";
        if (parts.size() == 2) {
            var extracted = new ArrayList<String>();
            text = GoText.trim(extractFlags(parts.get(1), escape, extracted));
            flags = extracted;
        }
        List<String> json = null;
        Split inner = null;
        if (MAYBE_JSON.contains(keyword) && !text.isEmpty()) {
            json = ExecForm.parse(text);
        } else if (keyword.equals("HEALTHCHECK")) {
            String command = healthcheckCommand(text);
            json = command.isEmpty() ? null : ExecForm.parse(command);
        } else if (keyword.equals("ENV") || keyword.equals("LABEL")) {
            NameValues.pairs(text, escape, keyword, true);
        } else if (keyword.equals("ONBUILD") && !text.isEmpty()) {
            inner = split(text, escape);
        }
        return new Split(written, keyword, flags, text, json, inner);
    }

    /** What follows HEALTHCHECK's type word ({@code CMD}, {@code NONE}) and the blanks after it. */
    static String healthcheckCommand(String text) {
        int sep = 0;
        while (sep < text.length() && !GoText.isSpace(text.charAt(sep))) {
            sep++;
        }
        int next = sep;
        while (next < text.length() && GoText.isSpace(text.charAt(next))) {
            next++;
        }
        return text.substring(next);
    }

    /** HEALTHCHECK's type word. */
    static String healthcheckType(String text) {
        int sep = 0;
        while (sep < text.length() && !GoText.isSpace(text.charAt(sep))) {
            sep++;
        }
        return text.substring(0, sep);
    }

    /**
     * Moves the leading words that start with {@code --} into {@code flags} (without the {@code --}, quotes and escapes
     * removed) and returns the rest; a bare {@code --} ends the flags.
     */
    private static String extractFlags(String line, char escape, List<String> flags) {
        final int spaces = 0;
        final int word = 1;
        final int quoted = 2;
        int phase = spaces;
        char quote = 0;
        boolean blankOk = false;
        var current = new StringBuilder();
        int n = line.length();
        for (int pos = 0; pos <= n; pos++) {
            char ch = pos < n ? line.charAt(pos) : 0;
            if (phase == spaces) {
                if (pos == n) {
                    break;
                }
                if (GoText.isSpace(ch)) {
                    continue;
                }
                if (ch != '-' || pos + 1 == n || line.charAt(pos + 1) != '-') {
                    return line.substring(pos);
                }
                phase = word;
            }
            if (pos == n) {
                String w = current.toString();
                if (!w.equals("--") && (blankOk || !w.isEmpty())) {
                    flags.add(w.substring(2));
                }
                break;
            }
            if (phase == word) {
                if (GoText.isSpace(ch)) {
                    String w = current.toString();
                    phase = spaces;
                    if (w.equals("--")) {
                        return line.substring(pos);
                    }
                    if (blankOk || !w.isEmpty()) {
                        flags.add(w.substring(2));
                    }
                    current.setLength(0);
                    blankOk = false;
                    continue;
                }
                if (ch == '\'' || ch == '"') {
                    quote = ch;
                    blankOk = true;
                    phase = quoted;
                    continue;
                }
                if (ch == escape) {
                    if (pos + 1 == n) {
                        continue;
                    }
                    ch = line.charAt(++pos);
                }
                current.append(ch);
                continue;
            }
            if (ch == quote) {
                phase = word;
                continue;
            }
            if (ch == escape) {
                if (pos + 1 == n) {
                    phase = word;
                    continue;
                }
                ch = line.charAt(++pos);
            }
            current.append(ch);
        }
        return "";
    }
}

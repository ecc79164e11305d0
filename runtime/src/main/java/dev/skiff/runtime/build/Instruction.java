package dev.skiff.runtime.build;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One instruction of a Dockerfile, as written (variables not yet expanded).
 *
 * @param line 1-based line where the instruction starts
 * @param keyword the instruction's name, upper-cased ({@code FROM}, {@code RUN}, ...)
 * @param flags the leading {@code --name=value} and {@code --name} flags without their {@code --}, quotes removed, in
 *     order
 * @param json the exec form's strings when the arguments are a JSON array of strings (RUN, CMD, ENTRYPOINT, SHELL,
 *     COPY, ADD, VOLUME, and the command after HEALTHCHECK's {@code CMD}); {@code null} otherwise
 * @param text the arguments after the flags, continuation lines joined, white space around them removed
 * @param heredocs the here-documents of RUN, COPY and ADD (also behind ONBUILD), in order
 * @param original the whole instruction on one line, for history and error messages
 */
public record Instruction(int line, String keyword, List<String> flags, List<String> json, String text,
                          List<Heredoc> heredocs, String original) {
    public Instruction {
        Objects.requireNonNull(keyword, "keyword");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(original, "original");
        flags = List.copyOf(flags);
        json = json == null ? null : List.copyOf(json);
        heredocs = List.copyOf(heredocs);
    }

    /** The value of the last {@code --name=value}, {@code ""} for a bare {@code --name}, {@code null} when absent. */
    public String flag(String name) {
        List<String> values = flagValues(name);
        return values.isEmpty() ? null : values.getLast();
    }

    /** Every value given to a repeatable flag such as {@code mount}, in order; empty when absent. */
    public List<String> flagValues(String name) {
        List<String> values = new ArrayList<>();
        for (String flag : flags) {
            int eq = flag.indexOf('=');
            String flagName = eq < 0 ? flag : flag.substring(0, eq);
            if (flagName.equals(name)) {
                values.add(eq < 0 ? "" : flag.substring(eq + 1));
            }
        }
        return values;
    }
}

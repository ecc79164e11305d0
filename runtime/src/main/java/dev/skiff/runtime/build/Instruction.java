package dev.skiff.runtime.build;

import java.util.ArrayList;
import java.util.List;

/**
 * One instruction of a Dockerfile, as written (variables not yet expanded).
 *
 * @param line     the line it starts on, from 1
 * @param keyword  its name, upper-cased
 * @param flags    its leading `--name=value` or `--name` flags, without the dashes, in order
 * @param json     the exec form's strings when the rest is a JSON array of strings; null otherwise
 * @param text     the rest after the flags, continuation lines joined, stripped
 * @param heredocs the here-documents it carries (RUN, COPY, ADD)
 * @param original the instruction on one line, for progress, history and errors
 */
public record Instruction(int line, String keyword, List<String> flags, List<String> json, String text,
                          List<Heredoc> heredocs, String original) {
    public Instruction {
        flags = List.copyOf(flags);
        json = json == null ? null : List.copyOf(json);
        heredocs = List.copyOf(heredocs);
    }

    /** The value of the last `--NAME=value`; "" for a bare `--NAME`; null when absent. */
    public String flag(String name) {
        String value = null;
        for (String f : flags) {
            if (f.equals(name)) {
                value = "";
            } else if (f.startsWith(name + "=")) {
                value = f.substring(name.length() + 1);
            }
        }
        return value;
    }

    /** Every value of a flag that may repeat (`--mount`). */
    public List<String> flagValues(String name) {
        List<String> out = new ArrayList<>();
        for (String f : flags) {
            if (f.equals(name)) {
                out.add("");
            } else if (f.startsWith(name + "=")) {
                out.add(f.substring(name.length() + 1));
            }
        }
        return out;
    }
}

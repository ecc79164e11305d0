package dev.skiff.runtime.build;

import dev.skiff.oci.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a Dockerfile as docker's parser does: parser directives at the top, comments, line
 * continuations with the escape character, case-insensitive keywords, leading flags, the JSON
 * exec form, and here-documents for RUN, COPY and ADD. Variables are expanded later, per step.
 */
public final class DockerfileParser {
    static final List<String> KEYWORDS = List.of("FROM", "RUN", "CMD", "LABEL", "MAINTAINER", "EXPOSE", "ENV", "ADD",
            "COPY", "ENTRYPOINT", "VOLUME", "USER", "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL");
    private static final Set<String> JSON_FORMS = Set.of("RUN", "CMD", "ENTRYPOINT", "SHELL", "COPY", "ADD", "VOLUME");
    private static final Set<String> HEREDOC_FORMS = Set.of("RUN", "COPY", "ADD");
    private static final Set<String> DIRECTIVES = Set.of("syntax", "escape", "check");
    private static final Pattern DIRECTIVE = Pattern.compile("^#\\s*([a-zA-Z][a-zA-Z0-9_-]*)\\s*=\\s*(.*?)\\s*$");
    private static final Pattern HEREDOC = Pattern.compile("<<(-?)([\"']?)([A-Za-z0-9_.-]+)\\2");

    private final String file;
    private final List<String> lines;
    private char escape = '\\';
    private int next;

    private DockerfileParser(String file, String content) {
        this.file = file;
        String c = content.startsWith("\uFEFF") ? content.substring(1) : content;
        this.lines = List.of(c.split("\r?\n", -1));
    }

    /** Parses CONTENT, the Dockerfile named FILE. */
    public static Dockerfile parse(String file, String content) {
        DockerfileParser p = new DockerfileParser(file, content);
        Map<String, String> directives = p.directives();
        List<Instruction> instructions = new ArrayList<>();
        Instruction i;
        while ((i = p.nextInstruction()) != null) {
            instructions.add(i);
        }
        return new Dockerfile(file, p.escape, directives, instructions);
    }

    /** Parses one instruction written as TEXT (an ONBUILD trigger) found on LINE. */
    public static Instruction parseOne(String text, int line, char escape) {
        DockerfileParser p = new DockerfileParser("ONBUILD", text);
        p.escape = escape;
        Instruction i = p.nextInstruction();
        if (i == null) {
            throw new DockerfileException("ONBUILD on line " + line + ": no instruction");
        }
        return new Instruction(line, i.keyword(), i.flags(), i.json(), i.text(), i.heredocs(), i.original());
    }

    private Map<String, String> directives() {
        Map<String, String> out = new LinkedHashMap<>();
        while (next < lines.size()) {
            Matcher m = DIRECTIVE.matcher(lines.get(next));
            if (!m.matches()) {
                break;
            }
            String key = m.group(1).toLowerCase(Locale.ROOT);
            if (!DIRECTIVES.contains(key) || out.containsKey(key)) {
                break;
            }
            out.put(key, m.group(2));
            next++;
        }
        String e = out.get("escape");
        if (e != null) {
            if (!e.equals("\\") && !e.equals("`")) {
                throw new DockerfileException(file + ":" + next + ": escape directive `" + e
                        + "`: the escape character must be \\ or `");
            }
            escape = e.charAt(0);
        }
        return out;
    }

    private static boolean skippable(String line) {
        String t = line.strip();
        return t.isEmpty() || t.startsWith("#");
    }

    private Instruction nextInstruction() {
        while (next < lines.size() && skippable(lines.get(next))) {
            next++;
        }
        if (next >= lines.size()) {
            return null;
        }
        int start = next + 1;
        StringBuilder joined = new StringBuilder();
        String line = lines.get(next++);
        while (true) {
            String stripped = line.stripTrailing();
            if (!stripped.isEmpty() && stripped.charAt(stripped.length() - 1) == escape) {
                joined.append(stripped, 0, stripped.length() - 1);
                while (next < lines.size() && lines.get(next).strip().startsWith("#")) {
                    next++; // comments inside a continuation are dropped
                }
                if (next >= lines.size()) {
                    break;
                }
                line = lines.get(next++);
            } else {
                joined.append(line);
                break;
            }
        }
        String all = joined.toString().strip();
        int space = indexOfSpace(all);
        String word = space < 0 ? all : all.substring(0, space);
        String keyword = word.toUpperCase(Locale.ROOT);
        String rest = space < 0 ? "" : all.substring(space).strip();
        if (!KEYWORDS.contains(keyword)) {
            String near = nearest(keyword);
            throw new DockerfileException(file + ":" + start + ": unknown instruction `" + word + "`"
                    + (near != null ? "; did you mean " + near + "?" : "; instructions are " + String.join(", ", KEYWORDS)));
        }
        List<String> flags = new ArrayList<>();
        String body = rest;
        while (body.startsWith("--")) {
            int end = indexOfSpace(body);
            flags.add(end < 0 ? body.substring(2) : body.substring(2, end));
            body = end < 0 ? "" : body.substring(end).strip();
        }
        List<Heredoc> heredocs = HEREDOC_FORMS.contains(keyword) ? heredocs(body, start) : List.of();
        if (body.isEmpty() && heredocs.isEmpty() && !keyword.equals("HEALTHCHECK")) {
            throw new DockerfileException(file + ":" + start + ": " + keyword + " needs arguments");
        }
        List<String> json = JSON_FORMS.contains(keyword) && heredocs.isEmpty() ? json(body) : null;
        return new Instruction(start, keyword, flags, json, body, heredocs, keyword + (rest.isEmpty() ? "" : " " + rest));
    }

    /** The bodies of the here-documents BODY opens, read from the lines that follow. */
    private List<Heredoc> heredocs(String body, int start) {
        List<Heredoc> out = new ArrayList<>();
        Matcher m = HEREDOC.matcher(body);
        while (m.find()) {
            if (m.start() > 0 && body.charAt(m.start() - 1) == '<') {
                continue; // <<< is a here-string
            }
            boolean chomp = !m.group(1).isEmpty();
            String name = m.group(3);
            StringBuilder content = new StringBuilder();
            boolean closed = false;
            while (next < lines.size()) {
                String l = lines.get(next++);
                String candidate = chomp ? l.replaceFirst("^\t+", "") : l;
                if (candidate.equals(name)) {
                    closed = true;
                    break;
                }
                content.append(candidate).append('\n');
            }
            if (!closed) {
                throw new DockerfileException(file + ":" + start + ": here-document `" + name + "` has no closing `"
                        + name + "` line");
            }
            out.add(new Heredoc(name, content.toString(), m.group(2).isEmpty(), chomp));
        }
        return out;
    }

    /** BODY as the JSON exec form, or null for the shell form. */
    private static List<String> json(String body) {
        if (!body.startsWith("[")) {
            return null;
        }
        try {
            List<?> parsed = Json.read(body.getBytes(StandardCharsets.UTF_8), List.class);
            List<String> out = new ArrayList<>();
            for (Object o : parsed) {
                if (!(o instanceof String s)) {
                    return null;
                }
                out.add(s);
            }
            return out;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static int indexOfSpace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    /** The keyword one edit away from WORD, if any. */
    private static String nearest(String word) {
        for (String k : KEYWORDS) {
            if (distance(k, word) <= 1) {
                return k;
            }
        }
        return null;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            int[] cur = new int[b.length() + 1];
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1),
                        prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            }
            prev = cur;
        }
        return prev[b.length()];
    }
}

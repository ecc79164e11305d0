package dev.skiff.runtime.build;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a Dockerfile (Containerfile) into its instructions, following BuildKit's Dockerfile frontend: parser
 * directives at the top, comments, line continuations, heredocs, exec and shell forms. Nothing is expanded or run.
 */
public final class DockerfileParser {
    /** Go's line scanner refuses longer lines, and so does docker. */
    static final int MAX_LINE_BYTES = 65_535;

    private static final String TRIGGER = "ONBUILD trigger";
    private static final Set<String> DIRECTIVES = Set.of("syntax", "escape", "check");
    private static final Pattern DIRECTIVE =
            Pattern.compile("^([a-zA-Z][a-zA-Z0-9]*)[\t\n\f\r ]*=[\t\n\f\r ]*(.+?)[\t\n\f\r ]*\\z", Pattern.DOTALL);

    private final String file;
    private final List<String> lines;
    private final int firstLine;
    private final Map<String, String> directives = new LinkedHashMap<>();
    private char escape;
    private boolean directivesDone;
    private int next;

    private DockerfileParser(String file, String content, int firstLine, char escape, boolean directivesAllowed) {
        this.file = file;
        this.lines = physicalLines(content);
        this.firstLine = firstLine;
        this.escape = escape;
        this.directivesDone = !directivesAllowed;
    }

    /** Parses {@code content}, a Dockerfile named {@code file} in errors. */
    public static Dockerfile parse(String file, String content) throws DockerfileException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(content, "content");
        var parser = new DockerfileParser(file, content, 1, '\\', true);
        List<Instruction> instructions = parser.read();
        if (instructions.isEmpty()) {
            throw new DockerfileException(file, Math.max(1, parser.lines.size()), "file with no instructions",
                    "add a FROM instruction");
        }
        return new Dockerfile(file, parser.escape, parser.directives, instructions);
    }

    /**
     * Parses {@code text} as one instruction starting on line {@code line}, with {@code escape} as the escape
     * character: an ONBUILD trigger, whose heredoc bodies (if any) follow on the next lines. The caller decides which
     * keywords a trigger may hold.
     */
    public static Instruction parseOne(String text, int line, char escape) throws DockerfileException {
        Objects.requireNonNull(text, "text");
        if (escape != '\\' && escape != '`') {
            throw new IllegalArgumentException("escape character `" + escape + "` is neither \\ nor `");
        }
        var parser = new DockerfileParser(TRIGGER, text, line, escape, false);
        List<Instruction> instructions = parser.read();
        if (instructions.size() != 1) {
            throw new DockerfileException(TRIGGER, line, "`" + text.strip() + "` holds " + instructions.size()
                    + " instructions", "give ONBUILD exactly one instruction");
        }
        return instructions.getFirst();
    }

    private List<Instruction> read() {
        List<Instruction> instructions = new ArrayList<>();
        List<InstructionLine.Split> splits = new ArrayList<>();
        while (next < lines.size()) {
            int start = lineNumber(next);
            String token = GoText.trimLeft(GoText.trimNewline(nextLine()));
            directive(token, start);
            Continued first = continued(isComment(token) ? "" : token);
            if (!first.continues && first.text.isEmpty()) {
                continue;
            }
            var joined = new StringBuilder(first.text);
            boolean continues = first.continues;
            while (continues && next < lines.size()) {
                String raw = nextLine();
                String physical = GoText.trimNewline(raw);
                // comments and blank lines inside a continuation are dropped; the continuation goes on
                if (isComment(raw) || GoText.trimLeft(physical).isEmpty()) {
                    continue;
                }
                Continued more = continued(physical);
                joined.append(more.text);
                continues = more.continues;
            }
            String line = joined.toString();
            InstructionLine.Split split;
            List<Heredoc> heredocs;
            try {
                split = InstructionLine.split(line, escape);
                heredocs = split.takesHeredocs() && line.contains("<<") ? heredocs(line, start) : List.of();
            } catch (SyntaxProblem e) {
                throw new DockerfileException(file, start, e.problem(), e.fix());
            }
            instructions.add(new Instruction(start, split.keyword(), split.flags(), split.json(), split.text(), heredocs,
                    GoText.trim(line)));
            splits.add(split);
        }
        for (int i = 0; i < instructions.size(); i++) {
            try {
                InstructionChecks.check(instructions.get(i), splits.get(i), escape);
            } catch (SyntaxProblem e) {
                throw new DockerfileException(file, instructions.get(i).line(), e.problem(), e.fix());
            }
        }
        return instructions;
    }

    /** Reads the bodies of the heredocs marked in {@code line}, one after the other, from the lines that follow it. */
    private List<Heredoc> heredocs(String line, int start) {
        List<Heredoc> heredocs = new ArrayList<>();
        for (HeredocMarkers.Marker marker : HeredocMarkers.inLine(line)) {
            var content = new StringBuilder();
            boolean terminated = false;
            while (next < lines.size()) {
                String raw = nextLine();
                String candidate = GoText.trimNewline(raw);
                if (marker.chomp()) {
                    candidate = stripLeadingTabs(candidate);
                }
                if (candidate.equals(marker.name())) {
                    terminated = true;
                    break;
                }
                content.append(raw);
            }
            if (!terminated) {
                throw new SyntaxProblem("unterminated heredoc `" + marker.name() + "`",
                        "end it with a line holding only `" + marker.name() + "`");
            }
            String body = content.toString();
            heredocs.add(new Heredoc(marker.name(), marker.chomp() ? chomp(body) : body, marker.expand(), marker.chomp()));
        }
        return heredocs;
    }

    /** Records a parser directive; the first line that is not one ends them. */
    private void directive(String token, int line) {
        if (directivesDone) {
            return;
        }
        Matcher m = token.startsWith("#") ? DIRECTIVE.matcher(GoText.trimLeft(token.substring(1))) : null;
        String key = m != null && m.matches() ? m.group(1).toLowerCase(Locale.ROOT) : null;
        if (key == null || !DIRECTIVES.contains(key)) {
            directivesDone = true;
            return;
        }
        if (directives.containsKey(key)) {
            throw new DockerfileException(file, line, "parser directive `" + key + "` is given twice",
                    "keep only one `# " + key + "=` line");
        }
        String value = m.group(2);
        if (key.equals("escape")) {
            if (!value.equals("\\") && !value.equals("`")) {
                throw new DockerfileException(file, line, "escape directive `" + value + "` is neither \\ nor `",
                        "write `# escape=\\` or `# escape=``");
            }
            escape = value.charAt(0);
        }
        directives.put(key, value);
    }

    /** A physical line without its continuing escape, and whether the next line continues it. */
    private record Continued(String text, boolean continues) {}

    /**
     * {@code line} without a final escape character (and the blanks after it) that continues it on the next line. An
     * escape preceded by another escape does not continue the line, as in docker.
     */
    private Continued continued(String line) {
        int end = line.length();
        while (end > 0 && (line.charAt(end - 1) == ' ' || line.charAt(end - 1) == '\t')) {
            end--;
        }
        if (end > 0 && line.charAt(end - 1) == escape && (end == 1 || line.charAt(end - 2) != escape)) {
            return new Continued(line.substring(0, end - 1), true);
        }
        return new Continued(line, false);
    }

    private static boolean isComment(String line) {
        String trimmed = GoText.trimLeft(line);
        return !trimmed.isEmpty() && trimmed.charAt(0) == '#';
    }

    private static String stripLeadingTabs(String s) {
        int i = 0;
        while (i < s.length() && s.charAt(i) == '\t') {
            i++;
        }
        return s.substring(i);
    }

    /** The {@code <<-} body: leading tabs removed from every line. */
    private static String chomp(String body) {
        var out = new StringBuilder(body.length());
        for (String line : body.split("(?<=\n)")) {
            out.append(stripLeadingTabs(line));
        }
        return out.toString();
    }

    private String nextLine() {
        int index = next++;
        String line = lines.get(index);
        int bytes = line.endsWith("\n") ? line.length() - 1 : line.length();
        if (bytes > MAX_LINE_BYTES / 3 && utf8Length(line) - (line.endsWith("\n") ? 1 : 0) > MAX_LINE_BYTES) {
            throw new DockerfileException(file, lineNumber(index), "line is longer than " + MAX_LINE_BYTES + " bytes",
                    "split it with line continuations");
        }
        return line;
    }

    private int lineNumber(int index) {
        return firstLine + index;
    }

    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** The lines of {@code content}, each with its line feed; a byte order mark before the first is dropped. */
    private static List<String> physicalLines(String content) {
        String text = content.startsWith("\uFEFF") ? content.substring(1) : content;
        List<String> lines = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int nl = text.indexOf('\n', start);
            int end = nl < 0 ? text.length() : nl + 1;
            lines.add(text.substring(start, end));
            start = end;
        }
        return lines;
    }
}

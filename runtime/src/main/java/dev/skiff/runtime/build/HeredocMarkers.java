package dev.skiff.runtime.build;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds the heredoc markers ({@code <<EOF}, {@code <<-EOF}, {@code <<'EOF'}, {@code 2<<EOF}) in an instruction line. */
final class HeredocMarkers {
    /** An optional file descriptor, {@code <<}, an optional {@code -}, blanks, then a word with no {@code <}. */
    private static final Pattern MARKER = Pattern.compile("^([0-9]*)<<(-?)[\t\n\f\r ]*([^<]*)\\z", Pattern.DOTALL);

    private HeredocMarkers() {}

    /** A marker: the delimiter with quotes removed, whether the body is expanded, whether it is the {@code <<-} form. */
    record Marker(String name, boolean expand, boolean chomp) {}

    /** The markers among the shell words of {@code line}, in order; a line that does not lex has none. */
    static List<Marker> inLine(String line) {
        List<String> words;
        try {
            words = new ShellLexer('\\', name -> null, true, true, true).words(line);
        } catch (IllegalArgumentException e) {
            return List.of();
        }
        List<Marker> markers = new ArrayList<>();
        for (String word : words) {
            Marker marker = parse(word);
            if (marker != null) {
                markers.add(marker);
            }
        }
        return markers;
    }

    /** The marker {@code word} is, or {@code null} when it is not one. */
    static Marker parse(String word) {
        Matcher m = MARKER.matcher(word);
        if (!m.matches()) {
            return null;
        }
        String rest = m.group(3);
        if (rest.isEmpty()) {
            return null;
        }
        List<String> plain;
        List<String> raw;
        try {
            plain = new ShellLexer('\\', name -> null, false, false, true).words(rest);
            if (plain.size() != 1) {
                return null;
            }
            raw = new ShellLexer('\\', name -> null, true, false, true).words(rest);
        } catch (IllegalArgumentException e) {
            throw new SyntaxProblem("heredoc marker `" + word + "`: " + e.getMessage(),
                    "close the quotes around the delimiter, as in <<'EOF'");
        }
        if (raw.size() != 1) {
            throw new SyntaxProblem("heredoc marker `" + word + "` reads as more than one word",
                    "use a single word as the delimiter");
        }
        String name = plain.getFirst();
        // quotes anywhere in the delimiter keep the body from being expanded
        boolean expand = quotes(name) == quotes(raw.getFirst());
        return new Marker(name, expand, !m.group(2).isEmpty());
    }

    private static long quotes(String s) {
        return s.chars().filter(c -> c == '\'' || c == '"').count();
    }
}

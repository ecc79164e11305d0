package dev.skiff.runtime.build;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The paths a `.containerignore` or `.dockerignore` leaves out of a build context, matched as docker matches them. */
public final class IgnoreRules {
    /** Podman's ignore file; read in preference to {@link #DOCKERIGNORE} when both exist. */
    public static final String CONTAINERIGNORE = ".containerignore";
    /** Docker's ignore file. */
    public static final String DOCKERIGNORE = ".dockerignore";

    /** Ignore files are small; anything larger is refused rather than read whole into memory. */
    static final int MAX_FILE_BYTES = 4 << 20;
    /** The characters that make BuildKit walk every excluded directory when an exception contains one. */
    private static final String WILDCARD_CHARS = "*[]?^\\";
    private static final IgnoreRules NONE = new IgnoreRules(List.of());

    private final List<IgnorePattern> patterns;
    private final boolean hasExceptions;
    /** Whether every exception is a plain path, so that only the directories above one need walking. */
    private final boolean onlyPlainExceptions;
    /** Each exception's text without a trailing `/**` or `/*`, followed by `/`. */
    private final List<String> exceptionDirs;

    private IgnoreRules(List<IgnorePattern> patterns) {
        this.patterns = List.copyOf(patterns);
        List<String> dirs = new ArrayList<>();
        boolean plain = true;
        for (IgnorePattern p : patterns) {
            if (p.exception()) {
                String dir = withoutTrailingGlob(p.text());
                dirs.add(dir + "/");
                plain &= dir.chars().noneMatch(c -> WILDCARD_CHARS.indexOf(c) >= 0);
            }
        }
        this.exceptionDirs = List.copyOf(dirs);
        this.hasExceptions = !dirs.isEmpty();
        this.onlyPlainExceptions = plain;
    }

    /**
     * The rules of the context in CONTEXTDIR: its `.containerignore` if present, else its `.dockerignore`, else none.
     *
     * @throws BuildContextException when the file cannot be read, is too large, or holds a malformed pattern
     */
    public static IgnoreRules read(Path contextDir) {
        for (String name : List.of(CONTAINERIGNORE, DOCKERIGNORE)) {
            Path file = contextDir.resolve(name);
            byte[] bytes;
            try (InputStream in = Files.newInputStream(file)) {
                bytes = in.readNBytes(MAX_FILE_BYTES + 1);
            } catch (NoSuchFileException e) {
                continue;
            } catch (IOException e) {
                throw new BuildContextException(
                        "build context: read `" + name + "`: " + BuildContextException.reason(e), e);
            }
            if (bytes.length > MAX_FILE_BYTES) {
                throw new BuildContextException(
                        "build context: `" + name + "` is larger than " + MAX_FILE_BYTES + " bytes");
            }
            return parse(name + ": pattern", lines(new String(bytes, StandardCharsets.UTF_8)));
        }
        return NONE;
    }

    /**
     * Rules from the lines of an ignore file: a line starting with `#` is a comment, blank lines are skipped, and
     * each pattern is trimmed, cleaned as a path and made relative (a leading `/` dropped); `!` marks an exception.
     *
     * @throws BuildContextException for a malformed pattern, or a `!` with nothing after it
     */
    public static IgnoreRules of(List<String> lines) {
        return parse("ignore pattern", lines);
    }

    private static IgnoreRules parse(String what, List<String> lines) {
        List<IgnorePattern> patterns = new ArrayList<>();
        for (String line : lines) {
            // a comment only where the line starts with `#`: docker checks before trimming
            if (line.startsWith("#")) {
                continue;
            }
            String pattern = trim(line);
            if (pattern.isEmpty()) {
                continue;
            }
            boolean exception = pattern.charAt(0) == '!';
            if (exception) {
                pattern = trim(pattern.substring(1));
            }
            if (!pattern.isEmpty()) {
                pattern = Glob.clean(pattern);
                if (pattern.length() > 1 && pattern.charAt(0) == '/') {
                    pattern = pattern.substring(1);
                }
            }
            // the matcher trims and cleans once more, so `a /` is `a` and `!/` is a bare `!`
            pattern = Glob.clean(trim(exception ? "!" + pattern : pattern));
            if (pattern.charAt(0) == '!') {
                if (pattern.length() == 1) {
                    throw new BuildContextException(what + " `" + trim(line) + "`: illegal exclusion pattern");
                }
                exception = true;
                pattern = pattern.substring(1);
            } else {
                exception = false;
            }
            try {
                patterns.add(IgnorePattern.compile(pattern, exception));
            } catch (Glob.SyntaxException e) {
                throw new BuildContextException(what + " `" + trim(line) + "`: " + e.getMessage());
            }
        }
        return patterns.isEmpty() ? NONE : new IgnoreRules(patterns);
    }

    /**
     * Whether RELATIVEPATH ('/'-separated, relative to the context) is left out: the last pattern that matches it or
     * one of its parent directories decides, an exception re-including it; no match keeps it. The context root itself
     * is never left out.
     */
    public boolean excluded(String relativePath) {
        if (patterns.isEmpty()) {
            return false;
        }
        String path = relative(relativePath);
        if (path.equals(".")) {
            return false;
        }
        boolean matched = false;
        for (IgnorePattern pattern : patterns) {
            // an exclusion cannot change an excluded path, nor an exception an included one
            if (pattern.exception() != matched) {
                continue;
            }
            boolean match = pattern.matches(path);
            for (int slash = path.indexOf('/'); !match && slash > 0; slash = path.indexOf('/', slash + 1)) {
                match = pattern.matches(path.substring(0, slash));
            }
            if (match) {
                matched = !pattern.exception();
            }
        }
        return matched;
    }

    /**
     * Which patterns match directory DIR or one of its parents, given PARENT, the same for DIR's parent ({@code null}
     * for the context root, which no pattern matches): a walk carries this down so that each entry is matched once.
     */
    boolean[] matchesUnder(String dir, boolean[] parent) {
        boolean[] matches = new boolean[patterns.size()];
        if (dir.equals(".")) {
            return matches;
        }
        for (int i = 0; i < matches.length; i++) {
            matches[i] = parent[i] || patterns.get(i).matches(dir);
        }
        return matches;
    }

    /** {@link #matchesUnder(String, boolean[])} for DIR from the context root down. */
    boolean[] matchesUnder(String dir) {
        boolean[] matches = matchesUnder(".", null);
        String path = relative(dir);
        if (path.equals(".")) {
            return matches;
        }
        for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
            matches = matchesUnder(path.substring(0, slash), matches);
        }
        return matchesUnder(path, matches);
    }

    /** Whether a path whose patterns' matches (its own and its parents') are MATCHES is excluded. */
    boolean excluded(boolean[] matches) {
        boolean matched = false;
        for (int i = 0; i < matches.length; i++) {
            if (matches[i]) {
                matched = !patterns.get(i).exception();
            }
        }
        return matched;
    }

    /** {@link #excluded(String)} for PATH, an entry of the directory whose {@link #matchesUnder} is PARENT. */
    boolean excluded(String path, boolean[] parent) {
        boolean matched = false;
        for (int i = 0; i < parent.length; i++) {
            IgnorePattern pattern = patterns.get(i);
            if (pattern.exception() != matched) {
                continue;
            }
            if (parent[i] || pattern.matches(path)) {
                matched = !pattern.exception();
            }
        }
        return matched;
    }

    /**
     * Whether the excluded directory RELATIVEDIR must still be walked because an exception could re-include something
     * beneath it. As in BuildKit: never without exceptions; always once an exception has a wildcard other than a
     * trailing `/*` or `/**`; otherwise only when an exception names a path inside the directory.
     */
    public boolean mayReincludeUnder(String relativeDir) {
        if (!hasExceptions) {
            return false;
        }
        if (!onlyPlainExceptions) {
            return true;
        }
        String dir = relative(relativeDir);
        if (dir.equals(".")) {
            return true;
        }
        String dirSlash = dir + "/";
        for (String exceptionDir : exceptionDirs) {
            if (exceptionDir.startsWith(dirSlash)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return patterns.toString();
    }

    private static String relative(String path) {
        int start = 0;
        while (start < path.length() && path.charAt(start) == '/') {
            start++;
        }
        return Glob.clean(path.substring(start));
    }

    private static String withoutTrailingGlob(String pattern) {
        String dir = pattern.endsWith("/**") ? pattern.substring(0, pattern.length() - 3) : pattern;
        return dir.endsWith("/*") ? dir.substring(0, dir.length() - 2) : dir;
    }

    /** The file's lines as Go's bufio.Scanner yields them: split at '\n', a '\r' before it dropped, a UTF-8 BOM too. */
    static List<String> lines(String text) {
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<String> lines = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            int next = end < 0 ? text.length() : end + 1;
            end = end < 0 ? text.length() : end;
            if (end > start && text.charAt(end - 1) == '\r') {
                end--;
            }
            lines.add(text.substring(start, end));
            start = next;
        }
        return lines;
    }

    /** Go's strings.TrimSpace: Unicode white space off both ends, NEL and no-break spaces included. */
    static String trim(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isSpace(s.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    private static boolean isSpace(char c) {
        return c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r' || c == 0x85 || Character.isSpaceChar(c);
    }
}

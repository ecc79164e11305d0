package dev.skiff.runtime.build;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shell patterns of {@code ${VAR#pattern}}, {@code ${VAR%pattern}} and {@code ${VAR/pattern/replacement}}:
 * {@code *} any text, {@code ?} one character, {@code \*}, {@code \?} and {@code \\} literal, no bracket expressions.
 */
final class ShellPattern {
    private ShellPattern() {}

    /** {@code value} without the shortest (or, {@code greedy}, longest) prefix matching {@code pattern}. */
    static String trimPrefix(String pattern, String value, boolean greedy) {
        Matcher m = compile(pattern, greedy, true).matcher(value);
        return m.find() ? value.substring(m.end()) : value;
    }

    /** {@code value} without the shortest (or, {@code greedy}, longest) suffix matching {@code pattern}. */
    static String trimSuffix(String pattern, String value, boolean greedy) {
        // the shortest match at the right end is the shortest match at the left end of the reversed text
        return reverse(trimPrefix(reversePattern(pattern), reverse(value), greedy));
    }

    /**
     * {@code value} with the first (or, {@code all}, every) longest match of {@code pattern} replaced. Replacing every
     * match reads {@code $0} and {@code $$} in {@code replacement} as Go's {@code ReplaceAllString} does.
     */
    static String replace(String value, String pattern, String replacement, boolean all) {
        Matcher m = compile(pattern, true, false).matcher(value);
        if (!all) {
            return m.find() ? value.substring(0, m.start()) + replacement + value.substring(m.end()) : value;
        }
        var out = new StringBuilder();
        int lastEnd = 0;
        int search = 0;
        while (search <= value.length() && m.find(search)) {
            out.append(value, lastEnd, m.start());
            // an empty match right after another match is not replaced
            if (m.end() > lastEnd || m.start() == 0) {
                out.append(template(replacement, m.group()));
            }
            lastEnd = m.end();
            int width = search < value.length() ? Character.charCount(value.codePointAt(search)) : 0;
            if (search + width > m.end()) {
                search += width;
            } else if (search + 1 > m.end()) {
                search++;
            } else {
                search = m.end();
            }
        }
        return out.append(value.substring(lastEnd)).toString();
    }

    static Pattern compile(String pattern, boolean greedy, boolean anchored) {
        var re = new StringBuilder(anchored ? "^" : "");
        int[] cps = pattern.codePoints().toArray();
        for (int i = 0; i < cps.length; i++) {
            int c = cps[i];
            if (c == '*') {
                re.append(greedy ? ".*" : ".*?");
            } else if (c == '?') {
                re.append('.');
            } else if (c == '\\') {
                // `}` and `/` are escaped only to get them into ${...}; the escape is not part of the pattern
                if (i + 1 < cps.length && (cps[i + 1] == '}' || cps[i + 1] == '/')) {
                    continue;
                }
                int escaped = i + 1 < cps.length ? cps[++i] : -1;
                if (escaped != '*' && escaped != '?' && escaped != '\\') {
                    throw new IllegalArgumentException("invalid pattern `" + pattern + "`: `\\"
                            + (escaped < 0 ? "" : Character.toString(escaped)) + "` escapes nothing special");
                }
                literal(re, escaped);
            } else {
                literal(re, c);
            }
        }
        // Go's `.` matches anything but a line feed
        return Pattern.compile(re.toString(), Pattern.UNIX_LINES);
    }

    private static void literal(StringBuilder re, int c) {
        if (c < 128 && Character.isLetterOrDigit(c)) {
            re.appendCodePoint(c);
        } else {
            re.append("\\x{").append(Integer.toHexString(c)).append('}');
        }
    }

    /** Go's template expansion for one match: {@code $$} is {@code $}, {@code $0} the match, other groups empty. */
    private static String template(String template, String match) {
        var out = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            int dollar = template.indexOf('$', i);
            if (dollar < 0) {
                out.append(template, i, template.length());
                break;
            }
            out.append(template, i, dollar);
            i = dollar + 1;
            if (i < template.length() && template.charAt(i) == '$') {
                out.append('$');
                i++;
                continue;
            }
            int j = i;
            boolean brace = j < template.length() && template.charAt(j) == '{';
            if (brace) {
                j++;
            }
            int nameStart = j;
            while (j < template.length()) {
                int c = template.codePointAt(j);
                if (!Character.isLetterOrDigit(c) && c != '_') {
                    break;
                }
                j += Character.charCount(c);
            }
            String name = template.substring(nameStart, j);
            if (name.isEmpty() || brace && (j >= template.length() || template.charAt(j) != '}')) {
                out.append('$');
                continue;
            }
            if (brace) {
                j++;
            }
            if (name.equals("0")) {
                out.append(match);
            }
            i = j;
        }
        return out.toString();
    }

    private static String reverse(String s) {
        int[] cps = s.codePoints().toArray();
        var out = new StringBuilder(s.length());
        for (int i = cps.length - 1; i >= 0; i--) {
            out.appendCodePoint(cps[i]);
        }
        return out.toString();
    }

    /** The pattern read backwards, each escape still before the character it escapes. */
    private static String reversePattern(String pattern) {
        int[] cps = pattern.codePoints().toArray();
        int[] out = new int[cps.length];
        int last = cps.length - 1;
        for (int i = 0; i <= last; ) {
            if (cps[i] == '\\' && i != last) {
                out[last - i - 1] = cps[i];
                out[last - i] = cps[i + 1];
                i += 2;
            } else {
                out[last - i] = cps[i];
                i++;
            }
        }
        return new String(out, 0, out.length);
    }
}

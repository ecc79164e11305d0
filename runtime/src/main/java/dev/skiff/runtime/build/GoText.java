package dev.skiff.runtime.build;

import java.util.ArrayList;
import java.util.List;

/** White space as the Dockerfile frontend sees it: Go's {@code unicode.IsSpace} and its {@code [\t\v\f\r ]+} separator. */
final class GoText {
    private GoText() {}

    /** Go's {@code unicode.IsSpace}: ASCII blanks, NEL, and Unicode's space separators (NBSP included). */
    static boolean isSpace(int c) {
        return c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r' || c == 0x85 || Character.isSpaceChar(c);
    }

    /** One character of the frontend's word separator {@code [\t\v\f\r ]}. */
    static boolean isSeparator(int c) {
        return c == ' ' || c == '\t' || c == 0x0B || c == '\f' || c == '\r';
    }

    static String trimLeft(String s) {
        int i = 0;
        while (i < s.length()) {
            int c = s.codePointAt(i);
            if (!isSpace(c)) {
                break;
            }
            i += Character.charCount(c);
        }
        return s.substring(i);
    }

    static String trim(String s) {
        String left = trimLeft(s);
        int end = left.length();
        while (end > 0) {
            int c = left.codePointBefore(end);
            if (!isSpace(c)) {
                break;
            }
            end -= Character.charCount(c);
        }
        return left.substring(0, end);
    }

    /** Go's {@code reWhitespace.Split(s, limit)}: runs of separators cut, at most {@code limit} parts when positive. */
    static List<String> split(String s, int limit) {
        List<String> parts = new ArrayList<>();
        if (s.isEmpty()) {
            parts.add("");
            return parts;
        }
        int begin = 0;
        int i = 0;
        int end = 0;
        while (i < s.length()) {
            if (!isSeparator(s.charAt(i))) {
                i++;
                continue;
            }
            int runEnd = i;
            while (runEnd < s.length() && isSeparator(s.charAt(runEnd))) {
                runEnd++;
            }
            if (limit > 0 && parts.size() == limit - 1) {
                break;
            }
            end = i;
            parts.add(s.substring(begin, end));
            begin = runEnd;
            i = runEnd;
        }
        if (end != s.length()) {
            parts.add(s.substring(begin));
        }
        return parts;
    }

    /** {@code s} with every trailing {@code \r} and {@code \n} removed. */
    static String trimNewline(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) {
            end--;
        }
        return s.substring(0, end);
    }
}

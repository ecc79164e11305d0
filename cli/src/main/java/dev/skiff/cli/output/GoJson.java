package dev.skiff.cli.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.skiff.oci.json.Json;

/**
 * Compact JSON as Go's {@code json.Encoder} writes it, for commands whose Podman output is
 * encoded that way: {@code <}, {@code >} and {@code &} written as six-character escapes with
 * lower-case hex digits, as are U+2028, U+2029 and control characters other than tab, newline
 * and return.
 */
public final class GoJson {
    private static final ObjectWriter WRITER = Json.mapper().writer().with(new GoEscapes());

    private GoJson() {}

    /** VALUE as one line of JSON, without a trailing newline. */
    public static String compact(Object value) {
        try {
            return WRITER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("serialize " + value.getClass().getSimpleName(), e);
        }
    }

    private static final class GoEscapes extends CharacterEscapes {
        private final int[] ascii = standardAsciiEscapesForJSON();

        GoEscapes() {
            for (int c = 0; c < 0x20; c++) {
                if (c != '\t' && c != '\n' && c != '\r') {
                    ascii[c] = ESCAPE_CUSTOM; // podman 4.3's Go 1.19 has no short escape for backspace or form feed
                }
            }
            ascii['<'] = ESCAPE_CUSTOM;
            ascii['>'] = ESCAPE_CUSTOM;
            ascii['&'] = ESCAPE_CUSTOM;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            if (ch < 0x20 || ch == '<' || ch == '>' || ch == '&' || ch == 0x2028 || ch == 0x2029) {
                return new SerializedString(String.format("\\u%04x", ch));
            }
            return null;
        }
    }
}

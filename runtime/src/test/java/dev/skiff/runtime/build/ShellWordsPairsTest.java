package dev.skiff.runtime.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** ENV, LABEL and ARG name=value pairs. */
class ShellWordsPairsTest {
    static final Function<String, String> LOOKUP = Map.of("X", "x", "A", "old", "DIR", "/opt")::get;

    /** An ordered map from alternating names and values. */
    static LinkedHashMap<String, String> map(String... namesAndValues) {
        var map = new LinkedHashMap<String, String>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return map;
    }

    static Stream<Arguments> envPairs() {
        return Stream.of(
                Arguments.of("a=b c=\"d e\"", map("a", "b", "c", "d e")),
                Arguments.of("b=2 a=1", map("b", "2", "a", "1")),
                Arguments.of("A b c", map("A", "b c")),
                Arguments.of("A   spaced   out  ", map("A", "spaced   out")),
                Arguments.of("A \"b c\" d", map("A", "b c d")),
                Arguments.of("A b=c", map("A", "b=c")),
                Arguments.of("PATH $DIR/bin:$PATH", map("PATH", "/opt/bin:")),
                Arguments.of("a=$X b=${X}y c='$X'", map("a", "x", "b", "xy", "c", "$X")),
                Arguments.of("A=1 B=$A", map("A", "1", "B", "old")),
                Arguments.of("a=1 b=2 a=3", map("a", "3", "b", "2")),
                Arguments.of("a= b='' c=\"\"", map("a", "", "b", "", "c", "")),
                Arguments.of("name=value\\ with\\ spaces", map("name", "value with spaces")),
                Arguments.of("k=v=w", map("k", "v=w")),
                Arguments.of("\"quoted key\"=v", map("quoted key", "v")),
                Arguments.of("$X=y", map("x", "y")),
                Arguments.of("com.example.version=\"1.0\" description='a \"b\"'",
                        map("com.example.version", "1.0", "description", "a \"b\"")),
                Arguments.of("", map()));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @MethodSource("envPairs")
    void pairs_envStyle(String text, Map<String, String> pairs) {
        assertThat(ShellWords.pairs(text, '\\', LOOKUP, true)).containsExactlyEntriesOf(pairs);
    }

    static Stream<Arguments> argPairs() {
        return Stream.of(
                Arguments.of("VERSION", map("VERSION", null)),
                Arguments.of("A B=2 C", map("A", null, "B", "2", "C", null)),
                Arguments.of("V=${X:-none}", map("V", "x")),
                Arguments.of("EMPTY=", map("EMPTY", "")));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @MethodSource("argPairs")
    void pairs_argStyle_allowsNamesWithoutValues(String text, Map<String, String> pairs) {
        assertThat(ShellWords.pairs(text, '\\', LOOKUP, false)).containsExactlyEntriesOf(pairs);
    }

    @Test
    void pairs_withBacktickEscape() {
        assertThat(ShellWords.pairs("a=x` y b=C:\\dir", '`', LOOKUP, true))
                .containsExactlyEntriesOf(map("a", "x y", "b", "C:\\dir"));
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("a=b c", true, "`c` is not of the form name=value"),
                Arguments.of("onlyname", true, "`onlyname` has a name but no value"),
                Arguments.of("=x", true, "`=x` has a blank name"),
                Arguments.of("=x", false, "`=x` has a blank name"),
                Arguments.of("a=\"unterminated", true, "unterminated double quote"),
                Arguments.of("a=${", false, "missing `}`"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void pairs_badSyntax_isAnIllegalArgument(String text, boolean legacyAllowed, String reason) {
        assertThatThrownBy(() -> ShellWords.pairs(text, '\\', LOOKUP, legacyAllowed))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason);
    }
}

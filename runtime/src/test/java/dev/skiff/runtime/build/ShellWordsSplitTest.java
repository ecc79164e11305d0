package dev.skiff.runtime.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Splitting text into expanded words. */
class ShellWordsSplitTest {
    static final Function<String, String> LOOKUP =
            Map.of("SPACED", "a  b", "LEADING", "  x y", "TRAILING", "ab c   ", "X", "x", "PORT", "8080")::get;

    static Arguments split(String text, String... words) {
        return Arguments.of(text, Arrays.asList(words));
    }

    static Stream<Arguments> splits() {
        return Stream.of(
                split("a b  c", "a", "b", "c"),
                split("  a \t b  ", "a", "b"),
                split(""),
                split("   "),
                split("a\\ b c", "a b", "c"),
                split("\"a b\" c", "a b", "c"),
                split("'a  b'", "a  b"),
                split("x\"a b\"y z", "xa by", "z"),
                split("$SPACED", "a", "b"),
                split("\"$SPACED\"", "a  b"),
                split("x$SPACED", "xa", "b"),
                split("$LEADING", "x", "y"),
                split("hello${TRAILING}d", "helloab", "c", "d"),
                split("hello\"${TRAILING}\"d", "helloab c   d"),
                split("$UNSET"),
                split("a $UNSET b", "a", "b"),
                split("a \"\" b", "a", "b"),
                split("a\"\"b", "ab"),
                split("\"a\\\"b\" 'c\\d'", "a\"b", "c\\d"),
                split("80/tcp ${PORT}/udp", "80/tcp", "8080/udp"),
                split("${UNSET:-443}/tcp", "443/tcp"),
                split("x${UNSET:-y}z", "xyz"),
                split("${UNSET:-a b}", "a", "b"),
                split("\"${UNSET:-a b}\"", "a b"),
                split("cat << EOF", "cat", "<< EOF"),
                split("안녕 하세요", "안녕", "하세요"));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @MethodSource("splits")
    void words_splitOnUnquotedBlanks_alsoInExpandedValues(String text, List<String> words) {
        assertThat(ShellWords.words(text, '\\', LOOKUP)).isEqualTo(words);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"a 'b", "a \"b", "${X", "${}"})
    void words_badSyntax_isAnIllegalArgument(String text) {
        assertThatThrownBy(() -> ShellWords.words(text, '\\', LOOKUP)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cannot expand `" + text + "`");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"C:\\a` b c", "C:\\a` b  c "})
    void words_withBacktickEscape(String text) {
        assertThat(ShellWords.words(text, '`', LOOKUP)).containsExactly("C:\\a b", "c");
    }
}

package dev.skiff.runtime.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The # ## % %% / // pattern modifiers of ${VAR...}. */
class ShellWordsPatternTest {
    static final Function<String, String> LOOKUP = Map.of("V", "/usr/local/bin/app.tar.gz", "P", "aXbXc",
            "U", "ünï.cödé.txt", "S", "a*b?c", "M", "x.y.z", "L", "line1\nline2", "B", "a}b/c", "X", "x")::get;

    static Stream<Arguments> patterns() {
        return Stream.of(
                Arguments.of("${V#*/}", "usr/local/bin/app.tar.gz"),
                Arguments.of("${V##*/}", "app.tar.gz"),
                Arguments.of("${V#/usr}", "/local/bin/app.tar.gz"),
                Arguments.of("${V#nomatch}", "/usr/local/bin/app.tar.gz"),
                Arguments.of("${V#}", "/usr/local/bin/app.tar.gz"),
                Arguments.of("${V%.*}", "/usr/local/bin/app.tar"),
                Arguments.of("${V%%.*}", "/usr/local/bin/app"),
                Arguments.of("${V%/*}", "/usr/local/bin"),
                Arguments.of("${V%%/*}", ""),
                Arguments.of("${V%.gz}", "/usr/local/bin/app.tar"),
                Arguments.of("${V#/???/}", "local/bin/app.tar.gz"),
                Arguments.of("${UNSET#x}", ""),
                Arguments.of("${U%.*}", "ünï.cödé"),
                Arguments.of("${U%%.*}", "ünï"),
                Arguments.of("${U#ü?ï}", ".cödé.txt"),
                Arguments.of("${S#a\\*}", "b?c"),
                Arguments.of("${S%\\?c}", "a*b"),
                Arguments.of("${M#x.}", "y.z"),
                Arguments.of("${M#x?}", "y.z"),
                Arguments.of("${M#[x]}", "x.y.z"),
                Arguments.of("${L#*1}", "\nline2"),
                Arguments.of("${L#*2}", "line1\nline2"),
                Arguments.of("${B#a\\}}", "b/c"),
                Arguments.of("${P/X/-}", "a-bXc"),
                Arguments.of("${P//X/-}", "a-b-c"),
                Arguments.of("${P/?/_}", "_XbXc"),
                Arguments.of("${P/b*/}", "aX"),
                Arguments.of("${P//*/z}", "z"),
                Arguments.of("${P//nomatch/z}", "aXbXc"),
                Arguments.of("${P//X/$X}", "axbxc"),
                Arguments.of("${UNSET/a/b}", ""),
                Arguments.of("${B/\\//|}", "a}b|c"),
                Arguments.of("${P//X/<$0>}", "a<>b<>c"),
                Arguments.of("${P//X/<\\$0>}", "a<\\X>b<\\X>c"),
                Arguments.of("${P/X/<\\$0>}", "a<\\$0>bXc"));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @MethodSource("patterns")
    void patternModifiers_asDockerDoes(String word, String expanded) {
        assertThat(ShellWords.expand(word, '\\', LOOKUP)).isEqualTo(expanded);
    }

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of("${P#\\x}", "invalid pattern"),
                Arguments.of("${P#a\\}", "missing `}`"),
                Arguments.of("${P:#a}", "unsupported modifier `:#`"),
                Arguments.of("${P:%a}", "unsupported modifier `:%`"),
                Arguments.of("${P/a}", "missing `/`"),
                Arguments.of("${P/a/b", "missing `}`"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void badPatterns_areIllegalArguments(String word, String reason) {
        assertThatThrownBy(() -> ShellWords.expand(word, '\\', LOOKUP)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason);
    }
}

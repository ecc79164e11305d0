package dev.skiff.runtime.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Variable expansion and quote removal in one word. */
class ShellWordsExpandTest {
    static final Map<String, String> ENV = Map.of("HOME", "/home", "EMPTY", "", "X", "x", "SPACED", "a  b",
            "ÄPFEL", "apples");
    static final Function<String, String> LOOKUP = ENV::get;

    static Stream<Arguments> expansions() {
        return Stream.of(
                Arguments.of("hello", "hello"),
                Arguments.of("$HOME", "/home"),
                Arguments.of("${HOME}", "/home"),
                Arguments.of("he$HOME.x", "he/home.x"),
                Arguments.of("${HOME}x", "/homex"),
                Arguments.of("$HOMEx", ""),
                Arguments.of("$UNSET", ""),
                Arguments.of("a${UNSET}b", "ab"),
                Arguments.of("$ÄPFEL", "apples"),
                Arguments.of("$", "$"),
                Arguments.of("a$", "a$"),
                Arguments.of("$.", "$."),
                Arguments.of("$ x", "$ x"),
                Arguments.of("$1x", "x"),
                Arguments.of("$@ $* $# $? $- $$ $! $0", "       "),
                Arguments.of("${aaa}}", "}"),
                Arguments.of("${UNSET:-def}", "def"),
                Arguments.of("${EMPTY:-def}", "def"),
                Arguments.of("${HOME:-def}", "/home"),
                Arguments.of("${UNSET-def}", "def"),
                Arguments.of("${EMPTY-def}", ""),
                Arguments.of("${UNSET:-}", ""),
                Arguments.of("${UNSET:+alt}", ""),
                Arguments.of("${EMPTY:+alt}", ""),
                Arguments.of("${HOME:+alt}", "alt"),
                Arguments.of("${UNSET+alt}", ""),
                Arguments.of("${EMPTY+alt}", "alt"),
                Arguments.of("${HOME?}", "/home"),
                Arguments.of("${HOME:?}", "/home"),
                Arguments.of("${EMPTY?}", ""),
                Arguments.of("${UNSET:-${HOME}}", "/home"),
                Arguments.of("${UNSET:-${NONE:-deep}}", "deep"),
                Arguments.of("${UNSET:-$X$X}", "xx"),
                Arguments.of("${UNSET:-a b}", "a b"),
                Arguments.of("${UNSET:-\"q} \"}", "q} "),
                Arguments.of("${UNSET:-'$X'}", "$X"),
                Arguments.of("${UNSET:-b}}", "b}"),
                Arguments.of("${UNSET:-\\$X:}", "$X:"),
                Arguments.of("${HOME:+${HOME}:}", "/home:"),
                Arguments.of("$SPACED", "a  b"),
                Arguments.of("a  b", "a  b"),
                Arguments.of("'$HOME'", "$HOME"),
                Arguments.of("'a\\tb'", "a\\tb"),
                Arguments.of("'a\\'", "a\\"),
                Arguments.of("'\"x\"'", "\"x\""),
                Arguments.of("\"$HOME\"", "/home"),
                Arguments.of("\"it's $X\"", "it's x"),
                Arguments.of("\"''\"", "''"),
                Arguments.of("\"a\\\"b\"", "a\"b"),
                Arguments.of("\"a\\\\b\"", "a\\b"),
                Arguments.of("\"a\\$X\"", "a$X"),
                Arguments.of("\"a\\tb\"", "a\\tb"),
                Arguments.of("he'll'o", "hello"),
                Arguments.of("a\\tb", "atb"),
                Arguments.of("\\$HOME", "$HOME"),
                Arguments.of("he\\\\$HOME", "he\\/home"),
                Arguments.of("a\\ b", "a b"),
                Arguments.of("it\\'s", "it's"),
                Arguments.of("trailing\\", "trailing"),
                Arguments.of("\\${}", "${}"),
                Arguments.of("안'녕'$X", "안녕x"));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @MethodSource("expansions")
    void expand_asDockerDoes(String word, String expanded) {
        assertThat(ShellWords.expand(word, '\\', LOOKUP)).isEqualTo(expanded);
    }

    static Stream<Arguments> backtickExpansions() {
        return Stream.of(
                Arguments.of("C:\\dir\\$X", "C:\\dir\\x"),
                Arguments.of("a`$X", "a$X"),
                Arguments.of("a` b", "a b"),
                Arguments.of("\"a`\"b\"", "a\"b"),
                Arguments.of("\"C:\\dir\"", "C:\\dir"),
                Arguments.of("\"a``b\"", "a`b"),
                Arguments.of("\"a`b\"", "a`b"));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @MethodSource("backtickExpansions")
    void expand_withBacktickEscape_leavesBackslashesAlone(String word, String expanded) {
        assertThat(ShellWords.expand(word, '`', LOOKUP)).isEqualTo(expanded);
    }

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of("'open", "unterminated single quote"),
                Arguments.of("\"open", "unterminated double quote"),
                Arguments.of("\"open\\\"", "unterminated double quote"),
                Arguments.of("${", "missing `}`"),
                Arguments.of("${HOME", "missing `}`"),
                Arguments.of("${HOME:-x", "missing `}`"),
                Arguments.of("${UNSET:-a ${X}", "missing `}`"),
                Arguments.of("${}", "bad substitution"),
                Arguments.of("${:}", "bad substitution"),
                Arguments.of("${{X}", "bad substitution"),
                Arguments.of("${.}", "unsupported modifier"),
                Arguments.of("${HOME=x}", "unsupported modifier `=`"),
                Arguments.of("${HOME:=x}", "unsupported modifier `:=`"),
                Arguments.of("${HOME:x}", "unsupported modifier `:x`"),
                Arguments.of("${UNSET?}", "UNSET: is not allowed to be unset"),
                Arguments.of("${UNSET:?}", "UNSET: is not allowed to be unset"),
                Arguments.of("${EMPTY:?}", "EMPTY: is not allowed to be empty"),
                Arguments.of("${UNSET:?set UNSET to the version}", "UNSET: set UNSET to the version"),
                Arguments.of("${EMPTY:?needs $X}", "EMPTY: needs x"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void badSyntax_isAnIllegalArgumentNamingTheWord(String word, String reason) {
        assertThatThrownBy(() -> ShellWords.expand(word, '\\', LOOKUP)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cannot expand `" + word + "`: ")
                .hasMessageContaining(reason);
    }

    @Test
    void lookup_isAskedOnlyForReferencedNames() {
        var asked = new java.util.ArrayList<String>();

        ShellWords.expand("$A ${B:-$C} '$D' \"$E\"", '\\', name -> {
            asked.add(name);
            return name.equals("B") ? "b" : null;
        });

        assertThat(asked).containsExactly("A", "C", "B", "E");
    }

    @Test
    void anEscapeOtherThanBackslashOrBacktick_isRefused() {
        assertThatThrownBy(() -> ShellWords.expand("x", '^', LOOKUP)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("neither \\ nor `");
    }
}

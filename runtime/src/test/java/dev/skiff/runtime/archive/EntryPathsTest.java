package dev.skiff.runtime.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EntryPathsTest {
    @ParameterizedTest(name = "`{0}` → `{1}`")
    @CsvSource(value = {
            "a/b|a/b", "./a/b/|a/b", "/a//b|a/b", "///a|a", ".|''", "./|''", "a/./b|a/b", "..a/b..|..a/b..", ".wh.x|.wh.x"},
            delimiter = '|')
    void normalize_cleansNames(String in, String out) throws Exception {
        assertThat(EntryPaths.normalize(in)).isEqualTo(out);
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", "../x", "a/../b", "a/..", "/../x", "./.."})
    void normalize_dotdot_isAnEscape(String in) {
        assertThatThrownBy(() -> EntryPaths.normalize(in)).isInstanceOf(EntryPaths.EscapeException.class);
    }
}

package dev.skiff.runtime.build;

import static dev.skiff.runtime.build.DockerfileParserTest.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Parser directives: only at the very top, as docker reads them. */
class DockerfileDirectivesTest {
    @Test
    void directives_atTheTop_areReadInOrder() {
        Dockerfile dockerfile =
                parse("# syntax=docker/dockerfile:1\n# escape=`\n# check=skip=JSONArgsRecommended\nFROM a\n");

        assertThat(dockerfile.directives()).containsExactly(
                Map.entry("syntax", "docker/dockerfile:1"),
                Map.entry("escape", "`"),
                Map.entry("check", "skip=JSONArgsRecommended"));
        assertThat(dockerfile.escape()).isEqualTo('`');
    }

    static Stream<Arguments> recognised() {
        return Stream.of(
                Arguments.of("keys are case-insensitive", "# SYNTAX=foo/bar\nFROM a", Map.of("syntax", "foo/bar")),
                Arguments.of("values keep their case", "# syntax=Foo/Bar:1\nFROM a", Map.of("syntax", "Foo/Bar:1")),
                Arguments.of("blanks around = and at the end", "#   syntax  =  foo   \nFROM a", Map.of("syntax", "foo")),
                Arguments.of("no blank after #", "#escape=`\nFROM a", Map.of("escape", "`")),
                Arguments.of("indented", "   # escape=`\nFROM a", Map.of("escape", "`")),
                Arguments.of("after a byte order mark", "\uFEFF# escape=`\nFROM a", Map.of("escape", "`")),
                Arguments.of("a blank line ends them", "# syntax=a\n\n# escape=`\nFROM a", Map.of("syntax", "a")),
                Arguments.of("a comment ends them", "# hello\n# escape=`\nFROM a", Map.of()),
                Arguments.of("an unknown directive ends them", "# foo=bar\n# escape=`\nFROM a", Map.of()),
                Arguments.of("an instruction ends them", "FROM a\n# escape=`\nRUN x", Map.of()),
                Arguments.of("a directive with no value is a comment", "# escape=\n# syntax=a\nFROM a", Map.of()),
                Arguments.of("a key must start with a letter", "# 1syntax=a\n# escape=`\nFROM a", Map.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recognised")
    void directives_followDockersRules(String what, String dockerfile, Map<String, String> directives) {
        Dockerfile parsed = parse(dockerfile);

        assertThat(parsed.directives()).isEqualTo(directives);
        assertThat(parsed.escape()).isEqualTo(directives.getOrDefault("escape", "\\").charAt(0));
    }

    @Test
    void aDirectiveLaterInTheFile_isOnlyAComment() {
        Dockerfile dockerfile = parse("FROM a\n# escape=`\nRUN echo `\nRUN b");

        assertThat(dockerfile.escape()).isEqualTo('\\');
        assertThat(dockerfile.instructions()).extracting(Instruction::text).containsExactly("a", "echo `", "b");
    }

    @Test
    void escapeDirective_mustBeBackslashOrBacktick() {
        assertThatThrownBy(() -> parse("# escape=x\nFROM a")).isInstanceOf(DockerfileException.class)
                .hasMessage("Dockerfile:1: escape directive `x` is neither \\ nor `; write `# escape=\\` or `# escape=``");
    }

    @Test
    void aDirectiveGivenTwice_isAnError() {
        assertThatThrownBy(() -> parse("# syntax=a\n# SYNTAX=b\nFROM a"))
                .hasMessage("Dockerfile:2: parser directive `syntax` is given twice; keep only one `# syntax=` line");
    }

    @Test
    void backslashEscapeDirective_isTheDefault() {
        Dockerfile dockerfile = parse("# escape=\\\nFROM a \\\n  AS b");

        assertThat(dockerfile.escape()).isEqualTo('\\');
        assertThat(dockerfile.instructions().getFirst().text()).isEqualTo("a   AS b");
    }
}

package dev.skiff.runtime.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Lines, comments, continuations, keywords and whole-file errors of the Dockerfile parser. */
class DockerfileParserTest {
    static Dockerfile parse(String text) {
        return DockerfileParser.parse("Dockerfile", text);
    }

    static Instruction only(String text) {
        List<Instruction> instructions = parse(text).instructions();
        assertThat(instructions).as("instructions of %s", text).hasSize(1);
        return instructions.getFirst();
    }

    @Test
    void keywords_areCaseInsensitiveAndUpperCased() {
        List<Instruction> instructions = parse("from alpine\nRuN echo hi\ncopy a b\n").instructions();

        assertThat(instructions).extracting(Instruction::keyword).containsExactly("FROM", "RUN", "COPY");
        assertThat(instructions.get(1).original()).isEqualTo("RuN echo hi");
    }

    @Test
    void everyKnownKeyword_parses() {
        String dockerfile = """
                FROM alpine AS base
                RUN echo hi
                CMD ["sh"]
                LABEL a=b
                MAINTAINER me
                EXPOSE 80
                ENV A=1
                ADD a /b
                COPY a /b
                ENTRYPOINT ["sh"]
                VOLUME /data
                USER nobody
                WORKDIR /app
                ARG X
                ONBUILD RUN make
                STOPSIGNAL SIGTERM
                HEALTHCHECK NONE
                SHELL ["/bin/bash", "-c"]
                """;

        assertThat(parse(dockerfile).instructions()).extracting(Instruction::keyword)
                .containsExactlyElementsOf(Keywords.ALL);
    }

    @Test
    void lineNumbers_countCommentsBlankLinesAndContinuations() {
        String dockerfile = """
                # a comment

                FROM alpine
                RUN a \\
                    b \\
                    c

                  # indented comment
                CMD x
                """;

        assertThat(parse(dockerfile).instructions()).extracting(Instruction::line).containsExactly(3, 4, 9);
    }

    static Stream<Arguments> joinedLines() {
        return Stream.of(
                Arguments.of("continuation keeps the next line's indentation",
                        "RUN apt-get update && \\\n    apt-get install -y x", "apt-get update &&     apt-get install -y x"),
                Arguments.of("blanks after the escape are allowed", "RUN a \\  \t\n b", "a  b"),
                Arguments.of("a comment inside a continuation is dropped", "RUN a \\\n# comment\n b", "a  b"),
                Arguments.of("an indented comment too", "RUN a \\\n    # comment \\\n b", "a  b"),
                Arguments.of("an empty line does not end a continuation", "RUN a \\\n\n   \n b", "a  b"),
                Arguments.of("an escape alone on a line continues", "RUN a \\\n\\\n b", "a  b"),
                Arguments.of("a continuation at the end of the file", "RUN a \\", "a"),
                Arguments.of("a doubled escape does not continue", "RUN echo a\\\\", "echo a\\\\"),
                Arguments.of("an escape before other text is kept", "RUN echo a\\b", "echo a\\b"),
                Arguments.of("CRLF line endings", "RUN a \\\r\n b\r\n", "a  b"),
                Arguments.of("# in the middle of a line is text", "RUN echo # not a comment", "echo # not a comment"),
                Arguments.of("white space around the arguments is removed", "   RUN   \t echo  hi  \t ", "echo  hi"),
                Arguments.of("a tab separates the keyword", "RUN\techo", "echo"),
                Arguments.of("no arguments", "RUN", ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("joinedLines")
    void text_joinsContinuationsAsDocker(String what, String dockerfile, String text) {
        assertThat(only(dockerfile).text()).isEqualTo(text);
    }

    @Test
    void aDoubledEscape_leavesTheNextLineAnInstruction() {
        assertThat(parse("RUN echo a\\\\\nRUN b").instructions()).extracting(Instruction::text)
                .containsExactly("echo a\\\\", "b");
    }

    @Test
    void original_isTheWholeInstructionOnOneLine() {
        Instruction run = only("RUN --mount=type=cache,target=/c apt-get update \\\n && apt-get install -y x  ");

        assertThat(run.original()).isEqualTo("RUN --mount=type=cache,target=/c apt-get update  && apt-get install -y x");
    }

    @Test
    void byteOrderMark_isIgnored() {
        assertThat(only("\uFEFFFROM alpine").keyword()).isEqualTo("FROM");
    }

    @Test
    void escapeDirective_backtick_continuesLinesAndLeavesBackslashesAlone() {
        Dockerfile dockerfile = parse("# escape=`\nFROM windows\nRUN dir `\n  C:\\\nWORKDIR C:\\app\\\n");

        assertThat(dockerfile.escape()).isEqualTo('`');
        assertThat(dockerfile.instructions()).extracting(Instruction::text)
                .containsExactly("windows", "dir   C:\\", "C:\\app\\");
    }

    static Stream<Arguments> unknownInstructions() {
        return Stream.of(
                Arguments.of("RUNN x", "Dockerfile:1: unknown instruction `RUNN`; did you mean RUN?"),
                Arguments.of("runn x", "Dockerfile:1: unknown instruction `runn`; did you mean run?"),
                Arguments.of("COPPY a b", "Dockerfile:1: unknown instruction `COPPY`; did you mean COPY?"),
                Arguments.of("ENTRYPIONT x", "Dockerfile:1: unknown instruction `ENTRYPIONT`; did you mean ENTRYPOINT?"),
                Arguments.of("FROM a\n\nWORKDRI /x", "Dockerfile:3: unknown instruction `WORKDRI`; did you mean WORKDIR?"),
                Arguments.of("FOOBAR x", "Dockerfile:1: unknown instruction `FOOBAR`; use one of FROM, RUN, CMD, LABEL,"
                        + " MAINTAINER, EXPOSE, ENV, ADD, COPY, ENTRYPOINT, VOLUME, USER, WORKDIR, ARG, ONBUILD,"
                        + " STOPSIGNAL, HEALTHCHECK, SHELL"),
                Arguments.of("RUN\u00a0x", "Dockerfile:1: unknown instruction `RUN\u00a0x`; did you mean RUN?"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unknownInstructions")
    void unknownInstruction_isAnErrorWithItsLine(String dockerfile, String message) {
        assertThatThrownBy(() -> parse(dockerfile)).isInstanceOf(DockerfileException.class).hasMessage(message);
    }

    @Test
    void exception_carriesFileAndLine() {
        assertThatThrownBy(() -> DockerfileParser.parse("Containerfile", "FROM a\nRUNN x"))
                .isInstanceOfSatisfying(DockerfileException.class, e -> {
                    assertThat(e.file()).isEqualTo("Containerfile");
                    assertThat(e.line()).isEqualTo(2);
                    assertThat(e.exitCode()).isEqualTo(125);
                });
    }

    @Test
    void fileWithNoInstructions_isAnError() {
        assertThatThrownBy(() -> parse("")).hasMessage("Dockerfile:1: file with no instructions; add a FROM instruction");
        assertThatThrownBy(() -> parse("# only\n\n# comments\n"))
                .hasMessage("Dockerfile:3: file with no instructions; add a FROM instruction");
    }

    @Test
    void aLineLongerThanDockerAccepts_isAnError() {
        String ok = "RUN " + "x".repeat(DockerfileParser.MAX_LINE_BYTES - 4);
        String tooLong = "FROM a\nRUN " + "é".repeat(DockerfileParser.MAX_LINE_BYTES / 2);

        assertThat(only(ok).text()).hasSize(DockerfileParser.MAX_LINE_BYTES - 4);
        assertThatThrownBy(() -> parse(tooLong)).hasMessage(
                "Dockerfile:2: line is longer than 65535 bytes; split it with line continuations");
    }

    @Test
    void parseErrors_areReportedBeforeInstructionErrors() {
        assertThatThrownBy(() -> parse("RUNN x\nRUN <<EOF\nbody\n"))
                .hasMessageStartingWith("Dockerfile:2: unterminated heredoc `EOF`");
    }

    @Test
    void records_areImmutable() {
        Dockerfile dockerfile = parse("# syntax=x\nFROM a\n");

        assertThatThrownBy(() -> dockerfile.instructions().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> dockerfile.directives().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> dockerfile.instructions().getFirst().flags().add("x"))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}

package dev.skiff.runtime.build;

import static dev.skiff.runtime.build.DockerfileParserTest.only;
import static dev.skiff.runtime.build.DockerfileParserTest.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Heredocs of RUN, COPY and ADD: markers, delimiters, bodies. */
class DockerfileHeredocTest {
    static Stream<Arguments> heredocs() {
        return Stream.of(
                Arguments.of("plain", "RUN <<EOF\necho hi\necho there\nEOF\n", "<<EOF",
                        List.of(new Heredoc("EOF", "echo hi\necho there\n", true, false))),
                Arguments.of("empty body", "RUN <<EOF\nEOF", "<<EOF", List.of(new Heredoc("EOF", "", true, false))),
                Arguments.of("body lines kept verbatim", "RUN <<EOF\n# not a comment\n\n  indented \\\nEOF",
                        "<<EOF", List.of(new Heredoc("EOF", "# not a comment\n\n  indented \\\n", true, false))),
                Arguments.of("tabs kept without -", "RUN <<EOF\n\tfoo\n\tEOF\nEOF", "<<EOF",
                        List.of(new Heredoc("EOF", "\tfoo\n\tEOF\n", true, false))),
                Arguments.of("<<- strips leading tabs, also before the delimiter", "RUN <<-EOF\n\tfoo\n\t\t bar\n\tEOF",
                        "<<-EOF", List.of(new Heredoc("EOF", "foo\n bar\n", true, true))),
                Arguments.of("single-quoted delimiter", "RUN <<'EOF'\necho $HOME\nEOF", "<<'EOF'",
                        List.of(new Heredoc("EOF", "echo $HOME\n", false, false))),
                Arguments.of("double-quoted delimiter", "RUN <<\"EOF\"\nx\nEOF", "<<\"EOF\"",
                        List.of(new Heredoc("EOF", "x\n", false, false))),
                Arguments.of("partly quoted delimiter", "RUN <<E\"O\"F\nx\nEOF", "<<E\"O\"F",
                        List.of(new Heredoc("EOF", "x\n", false, false))),
                Arguments.of("<<- with quotes", "RUN <<-'EOF'\n\tx\nEOF", "<<-'EOF'",
                        List.of(new Heredoc("EOF", "x\n", false, true))),
                Arguments.of("escaped quote is part of the name", "RUN <<eo\\'f\nx\neo'f", "<<eo\\'f",
                        List.of(new Heredoc("eo'f", "x\n", true, false))),
                Arguments.of("quoted name with a blank", "RUN <<'one two'\nx\none two", "<<'one two'",
                        List.of(new Heredoc("one two", "x\n", false, false))),
                Arguments.of("blanks after <<", "RUN cat << EOF\nx\nEOF", "cat << EOF",
                        List.of(new Heredoc("EOF", "x\n", true, false))),
                Arguments.of("file descriptor before <<", "RUN cat 3<<EOF\nx\nEOF", "cat 3<<EOF",
                        List.of(new Heredoc("EOF", "x\n", true, false))),
                Arguments.of("text after the marker", "RUN <<EOF bash\nset -e\nEOF", "<<EOF bash",
                        List.of(new Heredoc("EOF", "set -e\n", true, false))),
                Arguments.of("command before the marker", "RUN python3 <<EOF\nprint(1)\nEOF", "python3 <<EOF",
                        List.of(new Heredoc("EOF", "print(1)\n", true, false))),
                Arguments.of("redirection after the marker", "RUN cat <<EOF > /x\nhi\nEOF", "cat <<EOF > /x",
                        List.of(new Heredoc("EOF", "hi\n", true, false))),
                Arguments.of("with flags", "RUN --mount=type=cache,target=/c <<EOF\nmake\nEOF", "<<EOF",
                        List.of(new Heredoc("EOF", "make\n", true, false))),
                Arguments.of("two on one line, read in order", "COPY <<a <<b /dst/\nA\na\nB\nb\n", "<<a <<b /dst/",
                        List.of(new Heredoc("a", "A\n", true, false), new Heredoc("b", "B\n", true, false))),
                Arguments.of("a body may hold the other delimiter", "COPY <<X <<Y /d\nY\nX\nX\nY", "<<X <<Y /d",
                        List.of(new Heredoc("X", "Y\n", true, false), new Heredoc("Y", "X\n", true, false))),
                Arguments.of("file name as delimiter", "ADD <<file.txt /dest\nhello\nfile.txt", "<<file.txt /dest",
                        List.of(new Heredoc("file.txt", "hello\n", true, false))),
                Arguments.of("a variable as delimiter stays as written", "RUN <<$EOF\nx\n$EOF", "<<$EOF",
                        List.of(new Heredoc("$EOF", "x\n", true, false))),
                Arguments.of("CRLF: the body keeps its line ends", "RUN <<EOF\r\nhi\r\nEOF\r\n", "<<EOF",
                        List.of(new Heredoc("EOF", "hi\r\n", true, false))),
                Arguments.of("marker on a continued line", "RUN <<EOF \\\n  bash\nset -x\nEOF", "<<EOF   bash",
                        List.of(new Heredoc("EOF", "set -x\n", true, false))),
                Arguments.of("the delimiter must match exactly", "RUN <<EOF\nEOF \n EOF\neof\nEOF", "<<EOF",
                        List.of(new Heredoc("EOF", "EOF \n EOF\neof\n", true, false))),
                Arguments.of("lower-case keyword", "run <<EOF\nx\nEOF", "<<EOF",
                        List.of(new Heredoc("EOF", "x\n", true, false))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("heredocs")
    void heredocs_areReadAfterTheirInstruction(String what, String dockerfile, String text, List<Heredoc> heredocs) {
        Instruction instruction = only(dockerfile);

        assertThat(instruction.text()).isEqualTo(text);
        assertThat(instruction.heredocs()).isEqualTo(heredocs);
    }

    @Test
    void instructionsAfterAHeredoc_keepTheirLineNumbers() {
        Dockerfile dockerfile = parse("FROM a\nRUN <<EOF\none\ntwo\nEOF\nCOPY <<x <<y /d\n1\nx\n2\ny\nCMD z\n");

        assertThat(dockerfile.instructions()).extracting(Instruction::line).containsExactly(1, 2, 6, 11);
        assertThat(dockerfile.instructions()).extracting(Instruction::original)
                .containsExactly("FROM a", "RUN <<EOF", "COPY <<x <<y /d", "CMD z");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"RUN echo \"<<EOF\"", "RUN echo '<<EOF'", "RUN echo \\<<EOF", "RUN cat <<<EOF",
            "RUN echo a<b", "RUN echo <<", "RUN echo \"unterminated <<EOF", "COPY [\"<<EOF\", \"/x\"]"})
    void markersThatAreNotHeredocs_leaveTheNextLineAnInstruction(String line) {
        Dockerfile dockerfile = parse(line + "\nCMD next\n");

        assertThat(dockerfile.instructions().getFirst().heredocs()).isEmpty();
        assertThat(dockerfile.instructions().getLast().original()).isEqualTo("CMD next");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"WORKDIR <<EOF", "ENV A=<<EOF", "LABEL a=<<EOF", "CMD <<EOF", "ENTRYPOINT cat <<EOF",
            "USER <<EOF"})
    void heredocs_belongOnlyToRunCopyAndAdd(String line) {
        Dockerfile dockerfile = parse(line + "\nCMD next\n");

        assertThat(dockerfile.instructions()).hasSize(2);
        assertThat(dockerfile.instructions().getFirst().heredocs()).isEmpty();
    }

    @Test
    void onbuildTriggers_takeHeredocsToo() {
        Instruction onbuild = only("ONBUILD COPY <<EOF /x\nhello\nEOF");

        assertThat(onbuild.text()).isEqualTo("COPY <<EOF /x");
        assertThat(onbuild.heredocs()).containsExactly(new Heredoc("EOF", "hello\n", true, false));
    }

    @Test
    void anUnterminatedHeredoc_isAnErrorAtItsInstruction() {
        assertThatThrownBy(() -> parse("FROM a\nRUN <<EOF\necho hi\n  EOF\n"))
                .isInstanceOf(DockerfileException.class)
                .hasMessage("Dockerfile:2: unterminated heredoc `EOF`; end it with a line holding only `EOF`");
    }

    @Test
    void theSecondHeredoc_unterminated_isAnError() {
        assertThatThrownBy(() -> parse("COPY <<a <<b /d\n1\na\n2\n"))
                .hasMessage("Dockerfile:1: unterminated heredoc `b`; end it with a line holding only `b`");
    }

    @Test
    void aHeredocAsDestination_isAnError() {
        assertThatThrownBy(() -> parse("COPY a <<EOF\nx\nEOF"))
                .hasMessage("Dockerfile:1: COPY cannot take the heredoc `<<EOF` as its destination;"
                        + " put a path after the heredoc, as in `COPY <<EOF /dest`");
    }
}

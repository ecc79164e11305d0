package dev.skiff.runtime.build;

import static dev.skiff.runtime.build.DockerfileParserTest.only;
import static dev.skiff.runtime.build.DockerfileParserTest.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The exec form: arguments that are a JSON array of strings, by docker's rule. */
class DockerfileExecFormTest {
    static Arguments exec(String dockerfile, String... json) {
        return Arguments.of(dockerfile, Arrays.asList(json));
    }

    static Stream<Arguments> execForms() {
        return Stream.of(
                exec("CMD [\"a\", \"b\"]", "a", "b"),
                exec("CMD [\"a\",\"b\"]", "a", "b"),
                exec("CMD [ \"a\" ,\t\"b\" ]", "a", "b"),
                exec("CMD []"),
                exec("RUN [\"echo\", \"hi\"]", "echo", "hi"),
                exec("RUN --network=none [\"true\"]", "true"),
                exec("ENTRYPOINT [\"/entry.sh\"]", "/entry.sh"),
                exec("SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]", "/bin/bash", "-o", "pipefail", "-c"),
                exec("COPY [\"a b\", \"/c d/\"]", "a b", "/c d/"),
                exec("ADD [\"https://example.com/x\", \"/x\"]", "https://example.com/x", "/x"),
                exec("VOLUME [\"/a\", \"/b\"]", "/a", "/b"),
                exec("HEALTHCHECK --interval=5s CMD [\"curl\", \"-f\", \"http://localhost/\"]", "curl", "-f",
                        "http://localhost/"),
                exec("CMD [\"a\\\"b\", \"c\\\\d\", \"e\\/f\", \"\\n\\t\\r\\b\\f\"]", "a\"b", "c\\d", "e/f", "\n\t\r\b\f"),
                exec("CMD [\"\\u00e9\\u2603\", \"♥\"]", "é☃", "♥"),
                exec("CMD [\"\\ud83d\\ude00\"]", "😀"),
                exec("CMD [\"\\ud800x\", \"\\udc00\"]", "\uFFFDx", "\uFFFD"),
                exec("CMD [\"\\ud800\\u0041\"]", "\uFFFDA"),
                exec("CMD [\"a\", \"b\"]   \t", "a", "b"),
                exec("CMD [\"a\", \\\n  \"b\"]", "a", "b"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("execForms")
    void aJsonArrayOfStrings_isTheExecForm(String dockerfile, List<String> json) {
        assertThat(only(dockerfile).json()).isEqualTo(json);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "CMD [ \"a\", 'b']",
            "CMD [\"a\", \"b\",]",
            "CMD [\"a\"] extra",
            "CMD [\"a\"",
            "CMD [\"unterminated]",
            "CMD \"a\"",
            "CMD echo [\"a\"]",
            "CMD [\"a\tb\"]",
            "CMD [\"\\x\"]",
            "CMD [\"\\u12\"]",
            "CMD [\"a\", 01]",
            "CMD [\"a\", 1.]",
            "CMD [\"a\", -]",
            "CMD [\"a\", tru]",
            "CMD [\"a\", {\"k\" 1}]",
            "CMD [\"a\"][\"b\"]",
            "CMD [\"a\"] #",
            "RUN [not json] && true",
            "ENTRYPOINT [",
            "COPY [a] b"})
    void anythingElse_isTheShellForm(String dockerfile) {
        Instruction instruction = only(dockerfile);

        assertThat(instruction.json()).isNull();
        assertThat(instruction.text()).isEqualTo(dockerfile.substring(dockerfile.indexOf(' ') + 1).strip());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"USER [\"a\"]", "WORKDIR [\"/a\"]", "ENV A=[\"x\"]", "LABEL a=[\"b\"]", "EXPOSE [\"80\"]",
            "STOPSIGNAL [\"TERM\"]", "MAINTAINER [\"me\"]", "ARG [\"a\"]", "FROM [\"a\"]", "ONBUILD RUN [\"make\"]"})
    void otherInstructions_haveNoExecForm(String dockerfile) {
        Instruction instruction = only(dockerfile);

        assertThat(instruction.json()).isNull();
        assertThat(instruction.text()).isEqualTo(dockerfile.substring(dockerfile.indexOf(' ') + 1));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"CMD [\"a\", 1]", "RUN [null]", "ENTRYPOINT [[\"a\"]]", "SHELL [\"sh\", {\"c\": true}]",
            "COPY [\"a\", false]", "VOLUME [\"/a\", -1.5e3]", "HEALTHCHECK CMD [\"curl\", 1]", "ONBUILD CMD [1]"})
    void aJsonArrayHoldingMoreThanStrings_isAnError(String dockerfile) {
        String array = dockerfile.substring(dockerfile.indexOf('['));

        assertThatThrownBy(() -> parse("FROM a\n" + dockerfile)).isInstanceOf(DockerfileException.class)
                .hasMessage("Dockerfile:2: `" + array + "` is a JSON array holding more than strings;"
                        + " quote every element, as in [\"sleep\", \"10\"]");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"CMD [\"a\", 1", "CMD [\"a\", 1] x", "CMD [1, ]"})
    void invalidJsonWithNonStrings_isStillTheShellForm(String dockerfile) {
        assertThat(only(dockerfile).json()).isNull();
    }

    @Test
    void nesting_isValidJsonUpToGosDepthLimit() {
        String deepest = "CMD [" + "[".repeat(9_999) + "]".repeat(9_999) + "]";
        String tooDeep = "CMD [" + "[".repeat(10_000) + "]".repeat(10_000) + "]";

        assertThatThrownBy(() -> only(deepest)).isInstanceOf(DockerfileException.class)
                .hasMessageEndingWith("...` is a JSON array holding more than strings;"
                        + " quote every element, as in [\"sleep\", \"10\"]");
        assertThat(only(tooDeep).json()).isNull();
    }

    @Test
    void heredocMarkers_inTheExecForm_areText() {
        Instruction run = only("RUN [\"cat\", \"<<EOF\"]\n");

        assertThat(run.json()).containsExactly("cat", "<<EOF");
        assertThat(run.heredocs()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"HEALTHCHECK CMD curl -f http://localhost/", "HEALTHCHECK NONE"})
    void healthcheck_shellForm_keepsTheTypeInTheText(String dockerfile) {
        Instruction healthcheck = only(dockerfile);

        assertThat(healthcheck.json()).isNull();
        assertThat(healthcheck.text()).isEqualTo(dockerfile.substring("HEALTHCHECK ".length()));
    }
}

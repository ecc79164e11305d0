package dev.skiff.runtime.build;

import static dev.skiff.runtime.build.DockerfileParserTest.only;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Leading --flags of an instruction. */
class DockerfileFlagsTest {
    static Arguments flags(String dockerfile, String text, String... flags) {
        return Arguments.of(dockerfile, Arrays.asList(flags), text);
    }

    static Stream<Arguments> leadingFlags() {
        return Stream.of(
                flags("COPY --from=build /a /b", "/a /b", "from=build"),
                flags("COPY --chown=1:1 --chmod=755 a b", "a b", "chown=1:1", "chmod=755"),
                flags("COPY --link a b", "a b", "link"),
                flags("RUN --mount=type=secret,id=x --mount=type=cache,target=/c make", "make",
                        "mount=type=secret,id=x", "mount=type=cache,target=/c"),
                flags("FROM --platform=$BUILDPLATFORM golang AS build", "golang AS build", "platform=$BUILDPLATFORM"),
                flags("HEALTHCHECK --interval=5s --retries=3 CMD true", "CMD true", "interval=5s", "retries=3"),
                flags("COPY --from=\"my stage\" a b", "a b", "from=my stage"),
                flags("COPY --from='x y' a b", "a b", "from=x y"),
                flags("COPY --chown=a\\ b x y", "x y", "chown=a b"),
                flags("COPY --exclude=\"*.md\" . /src", ". /src", "exclude=*.md"),
                flags("COPY -- --odd /dst", "--odd /dst"),
                flags("COPY --link -- -a /b", "-a /b", "link"),
                flags("RUN -x", "-x"),
                flags("RUN echo --not-a-flag", "echo --not-a-flag"),
                flags("RUN --network=none", "", "network=none"),
                flags("RUN \\\n  --network=host \\\n  make", "make", "network=host"),
                flags("ENV --x A=b", "A=b", "x"),
                flags("ONBUILD COPY --from=a b c", "COPY --from=a b c"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("leadingFlags")
    void leadingDoubleDashWords_areFlags(String dockerfile, List<String> flags, String text) {
        Instruction instruction = only(dockerfile);

        assertThat(instruction.flags()).isEqualTo(flags);
        assertThat(instruction.text()).isEqualTo(text);
    }

    @Test
    void flag_isTheLastValue_flagValues_allOfThem() {
        Instruction copy = only("COPY --from=a --link --from=b --chmod= x y");

        assertThat(copy.flag("from")).isEqualTo("b");
        assertThat(copy.flagValues("from")).containsExactly("a", "b");
        assertThat(copy.flag("link")).isEmpty();
        assertThat(copy.flag("chmod")).isEmpty();
        assertThat(copy.flag("chown")).isNull();
        assertThat(copy.flagValues("chown")).isEmpty();
    }

    @Test
    void flagValues_keepEqualsSignsInTheValue() {
        Instruction run = only("RUN --mount=type=bind,source=a=b,target=/x true");

        assertThat(run.flag("mount")).isEqualTo("type=bind,source=a=b,target=/x");
    }

    @Test
    void flags_honourTheEscapeDirective() {
        Instruction copy = DockerfileParserTest.parse("# escape=`\nCOPY --chown=a` b --from=C:\\x y z")
                .instructions().getFirst();

        assertThat(copy.flags()).containsExactly("chown=a b", "from=C:\\x");
    }
}

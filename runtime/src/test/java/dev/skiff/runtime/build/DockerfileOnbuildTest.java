package dev.skiff.runtime.build;

import static dev.skiff.runtime.build.DockerfileParserTest.only;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** ONBUILD and the parsing of its trigger. */
class DockerfileOnbuildTest {
    @Test
    void onbuild_keepsItsTriggerAsText() {
        Instruction onbuild = only("ONBUILD RUN --mount=type=cache,target=/c make \\\n  install");

        assertThat(onbuild.keyword()).isEqualTo("ONBUILD");
        assertThat(onbuild.flags()).isEmpty();
        assertThat(onbuild.json()).isNull();
        assertThat(onbuild.text()).isEqualTo("RUN --mount=type=cache,target=/c make   install");
    }

    @Test
    void parseOne_readsATrigger() {
        Instruction trigger = DockerfileParser.parseOne("RUN --mount=type=cache,target=/c make", 7, '\\');

        assertThat(trigger.line()).isEqualTo(7);
        assertThat(trigger.keyword()).isEqualTo("RUN");
        assertThat(trigger.flag("mount")).isEqualTo("type=cache,target=/c");
        assertThat(trigger.text()).isEqualTo("make");
    }

    @Test
    void parseOne_readsWhatParseLeftInAnOnbuildText() {
        Instruction onbuild = only("ONBUILD copy [\"a\", \"/b\"]");

        Instruction trigger = DockerfileParser.parseOne(onbuild.text(), onbuild.line(), '\\');

        assertThat(trigger.keyword()).isEqualTo("COPY");
        assertThat(trigger.json()).containsExactly("a", "/b");
    }

    @Test
    void parseOne_readsHeredocBodiesOnTheFollowingLines() {
        Instruction trigger = DockerfileParser.parseOne("COPY <<EOF /x\nhello\nEOF", 3, '\\');

        assertThat(trigger.heredocs()).containsExactly(new Heredoc("EOF", "hello\n", true, false));
    }

    @Test
    void parseOne_usesTheGivenEscape_andNoDirectives() {
        Instruction trigger = DockerfileParser.parseOne("# escape=\\\nRUN a `\n b C:\\", 1, '`');

        assertThat(trigger.line()).isEqualTo(2);
        assertThat(trigger.text()).isEqualTo("a  b C:\\");
    }

    @Test
    void parseOne_refusesMoreOrLessThanOneInstruction() {
        assertThatThrownBy(() -> DockerfileParser.parseOne("RUN a\nRUN b", 4, '\\'))
                .isInstanceOf(DockerfileException.class)
                .hasMessage("ONBUILD trigger:4: `RUN a\nRUN b` holds 2 instructions; give ONBUILD exactly one instruction");
        assertThatThrownBy(() -> DockerfileParser.parseOne("  ", 4, '\\'))
                .hasMessage("ONBUILD trigger:4: `` holds 0 instructions; give ONBUILD exactly one instruction");
    }

    @Test
    void parseOne_checksTheInstruction() {
        assertThatThrownBy(() -> DockerfileParser.parseOne("RUNN x", 5, '\\'))
                .hasMessage("ONBUILD trigger:5: unknown instruction `RUNN`; did you mean RUN?");
        assertThatThrownBy(() -> DockerfileParser.parseOne("WORKDIR", 5, '\\'))
                .hasMessageStartingWith("ONBUILD trigger:5: WORKDIR requires exactly one argument");
        assertThatThrownBy(() -> DockerfileParser.parseOne("RUN x", 5, 'x'))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("neither \\ nor `");
    }

    @Test
    void theTrigger_isParsedWithTheOnbuild() {
        assertThatThrownBy(() -> only("ONBUILD ENV A"))
                .hasMessage("Dockerfile:1: ENV `A` has a name but no value; write `A=value`");
    }
}

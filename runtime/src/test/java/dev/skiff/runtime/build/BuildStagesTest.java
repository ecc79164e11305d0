package dev.skiff.runtime.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.runtime.SkiffException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BuildStagesTest {
    private static BuildStages stages(String text) {
        return BuildStages.of(DockerfileParser.parse("Containerfile", text));
    }

    /** The stages' references as the builder sees them: FROM's first word and COPY --from. */
    private static List<String> refs(BuildStages.Stage s) {
        List<String> out = new ArrayList<>(List.of(s.from().text().split("\\s+")[0]));
        for (Instruction i : s.instructions()) {
            if (i.flag("from") != null) {
                out.add(i.flag("from"));
            }
        }
        return out;
    }

    private static List<String> labels(List<BuildStages.Stage> stages) {
        return stages.stream().map(BuildStages.Stage::label).toList();
    }

    @Test
    void target_needsOnlyTheStagesItReaches_throughFromAndCopyFrom() {
        BuildStages s = stages("""
                ARG BASE=alpine
                FROM $BASE AS deps
                RUN a
                FROM deps AS build
                RUN b
                FROM alpine AS docs
                RUN c
                FROM alpine AS tools
                FROM scratch
                COPY --from=build /out /
                COPY --from=3 /tool /
                """);

        assertThat(s.globalArgs()).hasSize(1);
        assertThat(labels(s.needed(s.target(null), BuildStagesTest::refs))).containsExactly("deps", "build", "tools", "4");
        assertThat(labels(s.needed(s.target("docs"), BuildStagesTest::refs))).containsExactly("docs");
        assertThat(labels(s.needed(s.target("BUILD"), BuildStagesTest::refs))).as("names are case-insensitive")
                .containsExactly("deps", "build");
    }

    @Test
    void aReferenceToALaterStage_isAnImageName_notAStage() {
        BuildStages s = stages("FROM later AS first\nFROM alpine AS later\n");
        assertThat(labels(s.needed(s.target("first"), BuildStagesTest::refs))).containsExactly("first");
    }

    @Test
    void badStages_areRefusedWithTheirLine() {
        assertThatThrownBy(() -> stages("FROM a AS x\nFROM b AS X\n")).isInstanceOf(DockerfileException.class)
                .hasMessageStartingWith("Containerfile:2: stage name `x` is used twice");
        assertThatThrownBy(() -> stages("RUN x\nFROM a\n")).isInstanceOf(DockerfileException.class)
                .hasMessageStartingWith("Containerfile:1: `RUN` before the first FROM");
        assertThatThrownBy(() -> stages("FROM a AS\n")).isInstanceOf(DockerfileException.class)
                .hasMessageContaining("Containerfile:1:");
        assertThatThrownBy(() -> stages("FROM a\n").target("nope")).isInstanceOf(SkiffException.class)
                .hasMessageStartingWith("--target `nope`: no such stage");
    }

    @Test
    void cacheKeys_differWithEveryPart_andAreStable() {
        String k = BuildCache.key("parent", "RUN x", "A=1");
        assertThat(k).hasSize(64).isEqualTo(BuildCache.key("parent", "RUN x", "A=1"));
        assertThat(List.of(BuildCache.key("other", "RUN x", "A=1"), BuildCache.key("parent", "RUN y", "A=1"),
                BuildCache.key("parent", "RUN x", "A=2"), BuildCache.key("parent", "RUN x\0A=1")))
                .doesNotContain(k).doesNotHaveDuplicates();
    }

    @Test
    void healthcheckDurations_areReadAsGoDurations() {
        assertThat(ConfigStep.nanos("30s")).isEqualTo(30_000_000_000L);
        assertThat(ConfigStep.nanos("1m30s")).isEqualTo(90_000_000_000L);
        assertThat(ConfigStep.nanos("1.5s")).isEqualTo(1_500_000_000L);
        assertThat(ConfigStep.nanos("250ms")).isEqualTo(250_000_000L);
        assertThatThrownBy(() -> ConfigStep.nanos("30")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ConfigStep.nanos("5x")).isInstanceOf(IllegalArgumentException.class);
    }
}

package dev.skiff.cli.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.runtime.SkiffException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GoTemplateTest {
    private static Map<String, Object> data() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Id", "abc");
        m.put("Config", Map.of("Cmd", List.of("sh", "-c"), "User", ""));
        m.put("RepoTags", List.of("a:1", "b:2"));
        m.put("Labels", null);
        return m;
    }

    @Test
    void fieldsAndJson_renderLikeGo() {
        assertThat(new GoTemplate("{{.Id}} {{.Config.Cmd}} {{json .RepoTags}} {{.Labels}}").render(data()))
                .isEqualTo("abc [sh -c] [\"a:1\",\"b:2\"] <no value>");
    }

    @Test
    void unknownField_isAnError() {
        assertThatThrownBy(() -> new GoTemplate("{{.Nope}}").render(data()))
                .isInstanceOf(SkiffException.class).hasMessageContaining("can't evaluate field Nope");
    }
}

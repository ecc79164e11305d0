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

    @Test
    void functions_upperLowerTitleJoinTruncate() {
        assertThat(new GoTemplate("{{upper .Id}} {{lower \"AbC\"}} {{title \"hello world\"}}").render(data()))
                .isEqualTo("ABC abc Hello World");
        assertThat(new GoTemplate("{{join .RepoTags \", \"}}|{{truncate .Id 2}}|{{truncate .Id 10}}").render(data()))
                .isEqualTo("a:1, b:2|ab|abc");
    }

    @Test
    void index_ofAMapByKey_andOfAListByPosition() {
        Map<String, Object> d = data();
        d.put("Labels", Map.of("stage", "one"));
        assertThat(new GoTemplate("{{index .Labels \"stage\"}}|{{index .Labels \"none\"}}|{{index .RepoTags 1}}")
                .render(d)).isEqualTo("one||b:2");
        assertThatThrownBy(() -> new GoTemplate("{{index .RepoTags 5}}").render(d))
                .isInstanceOf(SkiffException.class).hasMessageContaining("out of range");
    }

    @Test
    void json_ofAWholeValueAndOfNull() {
        assertThat(new GoTemplate("{{json .Labels}}").render(data())).isEqualTo("null");
        assertThat(new GoTemplate("{{json .Config.Cmd}}").render(data())).isEqualTo("[\"sh\",\"-c\"]");
    }

    @Test
    void escapes_andPlainText_passThrough() {
        assertThat(new GoTemplate("id:\\t{{.Id}}\\n").render(data())).isEqualTo("id:\tabc\n");
    }

    @Test
    void unknownFunction_andWrongArity_areErrors() {
        assertThatThrownBy(() -> new GoTemplate("{{nope .Id}}").render(data()))
                .isInstanceOf(SkiffException.class).hasMessageContaining("function `nope` not defined");
        assertThatThrownBy(() -> new GoTemplate("{{join .RepoTags}}").render(data()))
                .isInstanceOf(SkiffException.class).hasMessageContaining("want 2, got 1");
        assertThatThrownBy(() -> new GoTemplate("{{truncate .Id \"x\"}}").render(data()))
                .isInstanceOf(SkiffException.class).hasMessageContaining("truncate needs a length");
    }

    @Test
    void fields_listsWhatTheActionsRead() {
        assertThat(new GoTemplate("{{.ID}} {{upper .Repository}} {{join .Names \",\"}}").fields())
                .containsExactly("ID", "Repository", "Names");
    }

    @Test
    void rangeAndIf_withElse_likeGo() {
        assertThat(new GoTemplate("{{range .RepoTags}}<{{.}}>{{end}}").render(data())).isEqualTo("<a:1><b:2>");
        assertThat(new GoTemplate("{{range .Config.Cmd}}{{if .}}{{upper .}} {{end}}{{end}}").render(data()))
                .isEqualTo("SH -C ");
        assertThat(new GoTemplate("{{if .Labels}}labels{{else}}none{{end}}").render(data())).isEqualTo("none");
        assertThat(new GoTemplate("{{range .Labels}}x{{else}}empty{{end}}!").render(data())).isEqualTo("empty!");
        assertThatThrownBy(() -> new GoTemplate("{{range .RepoTags}}x").render(data()))
                .isInstanceOf(SkiffException.class).hasMessageContaining("without `{{end}}`");
        assertThatThrownBy(() -> new GoTemplate("x{{end}}").render(data()))
                .isInstanceOf(SkiffException.class).hasMessageContaining("outside");
    }
}

package dev.skiff.runtime.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.runtime.SkiffException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EntrypointTest {
    private static final List<String> EP = List.of("/entry.sh");
    private static final List<String> CMD = List.of("serve", "--port", "80");

    @Test
    void noOverrides_entrypointThenCmd() {
        assertThat(Entrypoint.argv(EP, CMD, Optional.empty(), List.of())).containsExactly("/entry.sh", "serve", "--port", "80");
    }

    @Test
    void commandAfterImage_replacesCmdOnly() {
        assertThat(Entrypoint.argv(EP, CMD, Optional.empty(), List.of("ls"))).containsExactly("/entry.sh", "ls");
    }

    @Test
    void entrypointFlag_replacesEntrypointAndDropsCmd() {
        assertThat(Entrypoint.argv(EP, CMD, Optional.of("/bin/sh"), List.of())).containsExactly("/bin/sh");
        assertThat(Entrypoint.argv(EP, CMD, Optional.of("/bin/sh"), List.of("-c", "true")))
                .containsExactly("/bin/sh", "-c", "true");
    }

    @Test
    void entrypointFlag_jsonArray() {
        assertThat(Entrypoint.argv(EP, CMD, Optional.of("[\"sh\", \"-c\", \"echo \\\"hi\\\"\"]"), List.of()))
                .containsExactly("sh", "-c", "echo \"hi\"");
    }

    @Test
    void emptyEntrypointFlag_clearsIt() {
        assertThat(Entrypoint.argv(EP, CMD, Optional.of(""), List.of("id"))).containsExactly("id");
    }

    @Test
    void malformedJsonEntrypoint_isRefused() {
        assertThatThrownBy(() -> Entrypoint.argv(EP, CMD, Optional.of("[\"sh\""), List.of()))
                .isInstanceOf(SkiffException.class).hasMessageContaining("--entrypoint");
    }
}

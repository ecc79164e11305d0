package dev.skiff.runtime.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AuthChallengeTest {
    @Test
    void parse_dockerHubBearer_givesRealmServiceAndScope() {
        List<AuthChallenge> cs = AuthChallenge.parse("Bearer realm=\"https://auth.docker.io/token\","
                + "service=\"registry.docker.io\",scope=\"repository:library/busybox:pull\"");

        assertThat(cs).hasSize(1);
        assertThat(cs.getFirst().scheme()).isEqualTo("bearer");
        assertThat(cs.getFirst().param("realm")).isEqualTo("https://auth.docker.io/token");
        assertThat(cs.getFirst().param("service")).isEqualTo("registry.docker.io");
        assertThat(cs.getFirst().param("scope")).isEqualTo("repository:library/busybox:pull");
    }

    @Test
    void parse_basicWithRealm_andCaseInsensitiveScheme() {
        List<AuthChallenge> cs = AuthChallenge.parse("BASIC realm=\"skiff test\"");

        assertThat(cs).extracting(AuthChallenge::scheme).containsExactly("basic");
        assertThat(cs.getFirst().param("realm")).isEqualTo("skiff test");
    }

    @Test
    void parse_twoChallenges_unquotedValues_andEscapes() {
        List<AuthChallenge> cs = AuthChallenge.parse("Basic realm=r1, Bearer realm=\"https://x/t\",service=\"a\\\"b\"");

        assertThat(cs).extracting(AuthChallenge::scheme).containsExactly("basic", "bearer");
        assertThat(cs.get(0).param("realm")).isEqualTo("r1");
        assertThat(cs.get(1).param("service")).isEqualTo("a\"b");
    }

    @Test
    void parse_emptyOrNull_givesNothing() {
        assertThat(AuthChallenge.parse("")).isEmpty();
        assertThat(AuthChallenge.parse(null)).isEmpty();
    }
}

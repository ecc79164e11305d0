package dev.skiff.runtime.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.oci.reference.ImageReference;
import dev.skiff.runtime.SkiffException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistriesConfTest {
    private static final String CONF = """
            # a comment
            unqualified-search-registries = ["quay.io",
                                             "docker.io"]  # trailing comment

            [[registry]]
            prefix = "example.com/foo"
            location = "mirror.internal:5000/bar"
            insecure = true

            [[registry.mirror]]
            location = "cache.internal/foo-cache"
            insecure = true

            [[registry]]
            location = "blocked.example.org"
            blocked = true

            [[registry]]
            prefix = "*.corp.example"
            insecure = true

            [aliases]
            "busybox" = "docker.io/library/busybox"
            """;

    private final RegistriesConf conf = RegistriesConf.parse(CONF, "test.conf");

    @Test
    void searchRegistries_spanLines_andKeepOrder() {
        assertThat(conf.searchRegistries()).containsExactly("quay.io", "docker.io");
    }

    @Test
    void searchRegistries_defaultToDockerHub() {
        assertThat(RegistriesConf.parse("", "empty").searchRegistries()).containsExactly("docker.io");
    }

    @Test
    void aliases_areRead() {
        assertThat(conf.alias("busybox")).isEqualTo("docker.io/library/busybox");
        assertThat(conf.alias("nginx")).isNull();
    }

    @Test
    void prefix_isRewrittenToLocation_withMirrorsFirst() {
        var eps = conf.endpoints(ImageReference.parse("example.com/foo/app:1"));

        assertThat(eps).containsExactly(
                new RegistriesConf.Endpoint("cache.internal", "foo-cache/app", true),
                new RegistriesConf.Endpoint("mirror.internal:5000", "bar/app", true));
    }

    @Test
    void prefix_matchesOnlyWholePathComponents() {
        assertThat(conf.endpoints(ImageReference.parse("example.com/foobar:1")))
                .containsExactly(new RegistriesConf.Endpoint("example.com", "foobar", false));
    }

    @Test
    void blocked_isRefusedNamingTheReference() {
        assertThatThrownBy(() -> conf.endpoints(ImageReference.parse("blocked.example.org/x/y:2")))
                .isInstanceOf(SkiffException.class)
                .hasMessageContaining("blocked.example.org/x/y:2")
                .hasMessageContaining("blocked");
    }

    @Test
    void wildcardPrefix_matchesSubdomains() {
        assertThat(conf.endpoints(ImageReference.parse("reg.corp.example/team/app")))
                .containsExactly(new RegistriesConf.Endpoint("reg.corp.example", "team/app", true));
    }

    @Test
    void malformedLine_isRefusedNamingFileAndLine() {
        assertThatThrownBy(() -> RegistriesConf.parse("unqualified-search-registries = [\"a\"]\nnonsense\n", "x.conf"))
                .hasMessageContaining("x.conf: line 2");
        assertThatThrownBy(() -> RegistriesConf.parse("[[registry]]\nlocation = \"a\"\ninsecure = \"yes\"\n", "y.conf"))
                .hasMessageContaining("y.conf").hasMessageContaining("insecure");
    }

    @Test
    void load_usesTheVariable_andDropInsOverride(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("registries.conf");
        Files.writeString(file, CONF);

        RegistriesConf loaded = RegistriesConf.load(Map.of("CONTAINERS_REGISTRIES_CONF", file.toString(), "HOME",
                tmp.toString()));
        assertThat(loaded.searchRegistries()).containsExactly("quay.io", "docker.io");

        RegistriesConf merged = conf.overlay(RegistriesConf.parse("unqualified-search-registries = [\"r.io\"]\n"
                + "[[registry]]\nprefix = \"example.com/foo\"\nlocation = \"other.io/x\"\n", "drop-in"));
        assertThat(merged.searchRegistries()).containsExactly("r.io");
        assertThat(merged.endpoints(ImageReference.parse("example.com/foo/app")))
                .containsExactly(new RegistriesConf.Endpoint("other.io", "x/app", false));
        assertThat(merged.alias("busybox")).isEqualTo("docker.io/library/busybox");
    }
}

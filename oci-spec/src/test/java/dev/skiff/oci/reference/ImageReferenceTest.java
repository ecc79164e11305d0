package dev.skiff.oci.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageReferenceTest {
    private static final String HEX = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
            "busybox,                       docker.io/library/busybox:latest, docker.io, library/busybox, true",
            "busybox:1.36,                  docker.io/library/busybox:1.36,   docker.io, library/busybox, true",
            "foo/bar,                       docker.io/foo/bar:latest,         docker.io, foo/bar,         true",
            "library/busybox,               docker.io/library/busybox:latest, docker.io, library/busybox, true",
            "docker.io/busybox,             docker.io/library/busybox:latest, docker.io, library/busybox, false",
            "index.docker.io/library/x:1,   docker.io/library/x:1,            docker.io, library/x,       false",
            "localhost/x,                   localhost/x:latest,               localhost, x,               false",
            "localhost/x:y,                 localhost/x:y,                    localhost, x,               false",
            "host:5000/x:tag,               host:5000/x:tag,                  host:5000, x,               false",
            "quay.io/a/b/c:v1.2-rc_3,       quay.io/a/b/c:v1.2-rc_3,          quay.io,   a/b/c,           false",
            "my-registry.example.com/a__b-c.d, my-registry.example.com/a__b-c.d:latest, my-registry.example.com, a__b-c.d, false",
    })
    void parse_normalises(String in, String full, String domain, String path, boolean shortName) {
        ImageReference r = ImageReference.parse(in);
        assertThat(r.toString()).isEqualTo(full);
        assertThat(r.domain()).isEqualTo(domain);
        assertThat(r.path()).isEqualTo(path);
        assertThat(r.repository()).isEqualTo(domain + "/" + path);
        assertThat(r.isShortName()).as("short name").isEqualTo(shortName);
    }

    @Test
    void parse_withDigest_hasNoDefaultTag() {
        ImageReference r = ImageReference.parse("busybox@sha256:" + HEX);
        assertThat(r.tag()).isEmpty();
        assertThat(r.digest()).map(Object::toString).hasValue("sha256:" + HEX);
        assertThat(r.toString()).isEqualTo("docker.io/library/busybox@sha256:" + HEX);
    }

    @Test
    void parse_withTagAndDigest_keepsBoth() {
        assertThat(ImageReference.parse("host:5000/x:1@sha256:" + HEX).toString())
                .isEqualTo("host:5000/x:1@sha256:" + HEX);
    }

    @Test
    void typedPath_isThePathAsTyped() {
        assertThat(ImageReference.parse("busybox:1").typedPath()).isEqualTo("busybox");
        assertThat(ImageReference.parse("foo/bar").typedPath()).isEqualTo("foo/bar");
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
            "mytag,                     localhost/mytag:latest",
            "foo:bar,                   localhost/foo:bar",
            "library/foo:baz,           localhost/library/foo:baz",
            "quay.io/x/y,               quay.io/x/y:latest",
            "docker.io/library/foo:bar, docker.io/library/foo:bar",
    })
    void parseLocal_putsShortNamesUnderLocalhost(String in, String full) {
        assertThat(ImageReference.parseLocal(in).toString()).isEqualTo(full);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "BusyBox            | repository name must be lowercase",
            "docker.io/Foo/bar  | repository name must be lowercase",
            "busybox:           | invalid tag ``",
            "busybox:a/b        | invalid registry `busybox:a`",
            "busy box           | invalid repository path component `busy box`",
            "foo//bar           | invalid repository path component ``",
            "foo/../bar         | invalid repository path component `..`",
            "-foo               | invalid repository path component `-foo`",
            "busybox@sha256:../x | not sha256 followed by 64 lowercase hex digits",
            "busybox@sha256:ABC | not sha256 followed by 64 lowercase hex digits",
            ":latest            | empty repository name",
            "bad_host:x/y       | invalid registry `bad_host:x`",
    })
    void parse_invalid_isRefusedWithTheReason(String in, String reason) {
        assertThatThrownBy(() -> ImageReference.parse(in))
                .isInstanceOf(InvalidReferenceException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void parse_hexIdAsName_isRefused() {
        assertThatThrownBy(() -> ImageReference.parse(HEX)).isInstanceOf(InvalidReferenceException.class)
                .hasMessageContaining("image id");
    }

    @Test
    void parse_empty_isRefused() {
        assertThatThrownBy(() -> ImageReference.parse("")).isInstanceOf(InvalidReferenceException.class);
    }

    @Test
    void parse_tooLong_isRefused() {
        assertThatThrownBy(() -> ImageReference.parse("a".repeat(300)))
                .isInstanceOf(InvalidReferenceException.class).hasMessageContaining("longer than 255");
    }

    @Test
    void equalReferences_areEqual() {
        assertThat(ImageReference.parse("busybox")).isEqualTo(ImageReference.parse("docker.io/library/busybox:latest"));
    }
}

package dev.skiff.oci.digest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DigestTest {
    private static final String EMPTY_HEX = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @Test
    void parse_validSha256_keepsHexAndAlgorithm() {
        Digest d = Digest.parse("sha256:" + EMPTY_HEX);
        assertThat(d.hex()).isEqualTo(EMPTY_HEX);
        assertThat(d.algorithm()).isEqualTo("sha256");
        assertThat(d.toString()).isEqualTo("sha256:" + EMPTY_HEX);
        assertThat(d.shortHex()).isEqualTo("e3b0c44298fc");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "sha256:../x",
            "sha256:../../" + EMPTY_HEX,
            "sha256:E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855",
            "sha256:e3b0c44298fc",
            "sha256:" + EMPTY_HEX + "0",
            "sha512:" + EMPTY_HEX,
            EMPTY_HEX,
            "sha256:" + "g3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "",
            "sha256:"})
    void parse_malformed_isRefusedNamingTheValue(String bad) {
        assertThatThrownBy(() -> Digest.parse(bad))
                .isInstanceOf(InvalidDigestException.class)
                .hasMessage("digest `" + bad + "`: not sha256 followed by 64 lowercase hex digits");
    }

    @Test
    void parse_null_isRefused() {
        assertThatThrownBy(() -> Digest.parse(null)).isInstanceOf(InvalidDigestException.class);
    }

    @Test
    void ofHex_invalid_isRefused() {
        assertThatThrownBy(() -> Digest.ofHex("../../etc")).isInstanceOf(InvalidDigestException.class)
                .hasMessageContaining("../../etc");
    }

    @Test
    void of_emptyBytes_isTheKnownEmptyDigest() {
        assertThat(Digest.of(new byte[0]).hex()).isEqualTo(EMPTY_HEX);
    }

    @Test
    void digestingStream_countsAndHashesEverythingIncludingSkippedBytes() throws Exception {
        byte[] data = "hello, world".getBytes(StandardCharsets.UTF_8);
        DigestingInputStream in = new DigestingInputStream(new ByteArrayInputStream(data));
        in.read(new byte[3]);
        in.skip(2);
        in.drain();
        assertThat(in.count()).isEqualTo(data.length);
        assertThat(in.digest()).isEqualTo(Digest.of(data));
    }
}

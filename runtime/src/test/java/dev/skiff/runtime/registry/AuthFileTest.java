package dev.skiff.runtime.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthFileTest {
    @TempDir
    Path tmp;

    @Test
    void put_writesTheContainersFormat_0600_andGetReadsItBack() throws Exception {
        AuthFile f = AuthFile.of(null, Map.of("XDG_RUNTIME_DIR", tmp.toString(), "HOME", tmp.toString()));

        f.put("127.0.0.1:5000", new Credentials("u", "p:w"));

        Path file = tmp.resolve("containers/auth.json");
        assertThat(f.path()).isEqualTo(file);
        assertThat(Files.readString(file)).contains("\"auths\"", "\"127.0.0.1:5000\"", "\"auth\": \"dTpwOnc=\"");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(f.get("127.0.0.1:5000")).contains(new Credentials("u", "p:w"));
        assertThat(f.get("other:5000")).isEmpty();
    }

    @Test
    void remove_keepsOtherEntries_andUnknownFields() throws Exception {
        Path file = tmp.resolve("auth.json");
        Files.writeString(file, "{\"auths\":{\"a\":{\"auth\":\"dTpw\"},\"b\":{\"auth\":\"dTpw\"}},\"credHelpers\":{\"x\":\"y\"}}");
        AuthFile f = AuthFile.of(file.toString(), Map.of("HOME", tmp.toString()));

        assertThat(f.remove("a")).isTrue();
        assertThat(f.remove("a")).isFalse();

        assertThat(f.get("b")).contains(new Credentials("u", "p"));
        assertThat(Files.readString(file)).contains("credHelpers").doesNotContain("\"a\"");
    }

    @Test
    void get_fallsBackToDockerConfig_includingItsLegacyHubKey() throws Exception {
        Files.createDirectories(tmp.resolve(".docker"));
        Files.writeString(tmp.resolve(".docker/config.json"),
                "{\"auths\":{\"https://index.docker.io/v1/\":{\"auth\":\"dTpw\"}}}");
        AuthFile f = AuthFile.of(null, Map.of("XDG_RUNTIME_DIR", tmp.resolve("run").toString(), "HOME", tmp.toString()));

        assertThat(f.get("docker.io")).contains(new Credentials("u", "p"));
    }
}

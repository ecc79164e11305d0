package dev.skiff.runtime.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StorePathsTest {
    private static Map<String, String> env(String spec) {
        Map<String, String> m = new HashMap<>();
        if (!spec.isBlank()) {
            for (String kv : spec.split(";")) {
                String[] p = kv.split("=", 2);
                m.put(p[0].strip(), p[1].strip());
            }
        }
        return m;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "SKIFF_ROOT=/srv/s; SKIFF_HOST_UID=1000                      | /srv/s",
            "SKIFF_HOST_UID=1000; XDG_DATA_HOME=/x/data; HOME=/home/u       | /x/data/skiff/storage",
            "SKIFF_HOST_UID=1000; HOME=/home/u                              | /home/u/.local/share/skiff/storage",
            "HOME=/root                                                     | /var/lib/skiff/storage",
    })
    void root_followsTheEnvironment(String spec, String root) {
        assertThat(StorePaths.forEnvironment(env(spec)).root()).isEqualTo(Path.of(root));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "SKIFF_HOST_UID=1000; XDG_RUNTIME_DIR=/run/user/1000; HOME=/h   | /run/user/1000/skiff",
            "SKIFF_HOST_UID=1000; HOME=/h; TMPDIR=/var/tmp                  | /var/tmp/skiff-run-1000",
            "SKIFF_HOST_UID=1000; HOME=/h                                   | /tmp/skiff-run-1000",
            "XDG_RUNTIME_DIR=/run/user/0                                    | /run/skiff",
    })
    void runDir_followsTheEnvironment(String spec, String runDir) {
        assertThat(StorePaths.forEnvironment(env(spec)).runDir()).isEqualTo(Path.of(runDir));
    }

    @org.junit.jupiter.api.Test
    void subdirectories_areUnderTheRoot() {
        StorePaths p = StorePaths.at(Path.of("/s"));
        assertThat(p.blobs()).isEqualTo(Path.of("/s/blobs/sha256"));
        assertThat(p.layers()).isEqualTo(Path.of("/s/layers"));
        assertThat(p.images()).isEqualTo(Path.of("/s/images"));
        assertThat(p.containers()).isEqualTo(Path.of("/s/containers"));
        assertThat(p.tmp()).isEqualTo(Path.of("/s/tmp"));
        assertThat(p.lockFile()).isEqualTo(Path.of("/s/store.lock"));
    }
}

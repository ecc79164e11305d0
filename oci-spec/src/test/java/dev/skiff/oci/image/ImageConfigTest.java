package dev.skiff.oci.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.oci.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ImageConfigTest {
    @Test
    void config_fullDocument_isRead() {
        String json = """
                {"created":"2024-01-02T03:04:05.123456789Z","author":"me","architecture":"amd64","os":"linux",
                 "config":{"User":"1000:1000","Env":["PATH=/bin","A=b"],"Entrypoint":["/init"],"Cmd":["sh","-c","x"],
                   "WorkingDir":"/app","ExposedPorts":{"80/tcp":{}},"Volumes":{"/data":{}},"Labels":{"a":"b"},
                   "StopSignal":"SIGTERM","Healthcheck":{"Test":["NONE"]}},
                 "rootfs":{"type":"layers","diff_ids":["sha256:%s"]},
                 "history":[{"created_by":"/bin/sh -c #(nop) CMD","empty_layer":true}]}
                """.formatted("a".repeat(64));
        ImageConfig c = Json.read(json.getBytes(StandardCharsets.UTF_8), ImageConfig.class);
        assertThat(c.createdInstant()).hasValue(Instant.parse("2024-01-02T03:04:05.123456789Z"));
        assertThat(c.config().user()).isEqualTo("1000:1000");
        assertThat(c.config().env()).containsExactly("PATH=/bin", "A=b");
        assertThat(c.config().entrypoint()).containsExactly("/init");
        assertThat(c.config().cmd()).containsExactly("sh", "-c", "x");
        assertThat(c.config().workingDir()).isEqualTo("/app");
        assertThat(c.config().exposedPorts()).containsKey("80/tcp");
        assertThat(c.config().volumes()).containsKey("/data");
        assertThat(c.config().labels()).containsEntry("a", "b");
        assertThat(c.config().stopSignal()).isEqualTo("SIGTERM");
        assertThat(c.rootfs().diffIds()).singleElement().extracting(d -> d.hex()).isEqualTo("a".repeat(64));
        assertThat(c.history()).singleElement().extracting(ImageConfig.History::emptyLayer).isEqualTo(true);
    }

    @Test
    void config_minimalDocument_isNullSafe() {
        ImageConfig c = Json.read("{}".getBytes(StandardCharsets.UTF_8), ImageConfig.class);
        assertThat(c.config().env()).isEmpty();
        assertThat(c.config().cmd()).isEmpty();
        assertThat(c.rootfs().diffIds()).isEmpty();
        assertThat(c.history()).isEmpty();
        assertThat(c.createdInstant()).isEmpty();
    }

    @Test
    void config_nullEnvAndConfig_areEmpty() {
        ImageConfig c = Json.read("{\"config\":{\"Env\":null,\"Cmd\":null}}".getBytes(StandardCharsets.UTF_8),
                ImageConfig.class);
        assertThat(c.config().env()).isEmpty();
        assertThat(c.config().cmd()).isEmpty();
    }
}

package dev.skiff.oci.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.oci.image.ImageConfig;
import dev.skiff.oci.image.Manifest;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void readBounded_overTheCap_isRefused() {
        byte[] big = ("{\"author\":\"" + "x".repeat(2000) + "\"}").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> Json.readBounded(new ByteArrayInputStream(big), 1000, ImageConfig.class))
                .isInstanceOf(DocumentTooLargeException.class)
                .hasMessage("ImageConfig: larger than 1000 bytes");
    }

    @Test
    void readBounded_exactlyTheCap_isRead() throws Exception {
        byte[] doc = "{\"author\":\"me\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(Json.readBounded(new ByteArrayInputStream(doc), doc.length, ImageConfig.class).author()).isEqualTo("me");
    }

    @Test
    void read_deeplyNested_isRefused() {
        String deep = "{\"config\":{\"ExposedPorts\":{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}}}";
        assertThatThrownBy(() -> Json.read(deep.getBytes(StandardCharsets.UTF_8), ImageConfig.class))
                .isInstanceOf(InvalidDocumentException.class)
                .hasMessageContaining("nesting depth");
    }

    @Test
    void read_malformed_isATypedError() {
        assertThatThrownBy(() -> Json.read("{\"schemaVersion\":".getBytes(StandardCharsets.UTF_8), Manifest.class))
                .isInstanceOf(InvalidDocumentException.class).hasMessageStartingWith("Manifest: ");
    }

    @Test
    void read_trailingGarbage_isRefused() {
        assertThatThrownBy(() -> Json.read("{} {}".getBytes(StandardCharsets.UTF_8), ImageConfig.class))
                .isInstanceOf(InvalidDocumentException.class);
    }

    @Test
    void read_literalNull_isRefused() {
        assertThatThrownBy(() -> Json.read("null".getBytes(StandardCharsets.UTF_8), ImageConfig.class))
                .isInstanceOf(InvalidDocumentException.class);
    }

    @Test
    void toPrettyString_indentsLikePodman() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Id", "x");
        m.put("Empty", List.of());
        m.put("Obj", Map.of());
        m.put("List", List.of("a"));
        assertThat(Json.toPrettyString(List.of(m), 5)).isEqualTo("""
                [
                     {
                          "Id": "x",
                          "Empty": [],
                          "Obj": {},
                          "List": [
                               "a"
                          ]
                     }
                ]""");
    }
}

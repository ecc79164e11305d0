package dev.skiff.oci.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.oci.json.InvalidDocumentException;
import dev.skiff.oci.json.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ManifestTest {
    private static final String HEX = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static final String DESC = "{\"mediaType\":\"%s\",\"digest\":\"sha256:" + HEX + "\",\"size\":%d}";

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void manifest_ociWithUnknownFields_isRead() {
        String json = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaType.OCI_MANIFEST + "\",\"whatever\":[1],"
                + "\"config\":" + DESC.formatted(MediaType.OCI_CONFIG, 10) + ","
                + "\"layers\":[" + DESC.formatted(MediaType.OCI_LAYER_GZIP, 20) + "]}";
        Manifest m = Json.read(bytes(json), Manifest.class);
        assertThat(m.config().size()).isEqualTo(10);
        assertThat(m.layers()).singleElement().satisfies(l -> {
            assertThat(l.mediaType()).isEqualTo(MediaType.OCI_LAYER_GZIP);
            assertThat(l.digest().hex()).isEqualTo(HEX);
        });
        assertThat(m.annotations()).isEmpty();
    }

    @Test
    void manifest_withManifestsToo_isRefused() {
        String json = "{\"schemaVersion\":2,\"config\":" + DESC.formatted(MediaType.OCI_CONFIG, 10)
                + ",\"layers\":[],\"manifests\":[" + DESC.formatted(MediaType.OCI_MANIFEST, 1) + "]}";
        assertThatThrownBy(() -> Json.read(bytes(json), Manifest.class))
                .isInstanceOf(InvalidDocumentException.class)
                .hasMessageContaining("both `manifests` and `layers`");
    }

    @Test
    void index_withLayersToo_isRefused() {
        String json = "{\"schemaVersion\":2,\"manifests\":[" + DESC.formatted(MediaType.OCI_MANIFEST, 1)
                + "],\"layers\":[]}";
        assertThatThrownBy(() -> Json.read(bytes(json), Index.class))
                .isInstanceOf(InvalidDocumentException.class)
                .hasMessageContaining("both `manifests` and `layers`");
    }

    @Test
    void manifest_withBadDigest_isRefusedNamingIt() {
        String json = "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"x\",\"digest\":\"sha256:../../etc\",\"size\":1}}";
        assertThatThrownBy(() -> Json.read(bytes(json), Manifest.class))
                .isInstanceOf(InvalidDocumentException.class)
                .hasMessageContaining("sha256:../../etc");
    }

    @Test
    void manifest_withoutConfig_isRefused() {
        assertThatThrownBy(() -> Json.read(bytes("{\"schemaVersion\":2,\"layers\":[]}"), Manifest.class))
                .isInstanceOf(InvalidDocumentException.class).hasMessageContaining("config descriptor missing");
    }

    @Test
    void manifest_withIndexMediaType_isRefused() {
        String json = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaType.OCI_INDEX + "\",\"config\":"
                + DESC.formatted(MediaType.OCI_CONFIG, 1) + "}";
        assertThatThrownBy(() -> Json.read(bytes(json), Manifest.class))
                .isInstanceOf(InvalidDocumentException.class).hasMessageContaining("is not an image manifest");
    }

    @Test
    void index_forPlatform_picksLinuxAmd64() {
        String json = "{\"schemaVersion\":2,\"manifests\":["
                + "{\"mediaType\":\"" + MediaType.OCI_MANIFEST + "\",\"digest\":\"sha256:" + "1".repeat(64)
                + "\",\"size\":1,\"platform\":{\"architecture\":\"arm64\",\"os\":\"linux\"}},"
                + "{\"mediaType\":\"" + MediaType.OCI_MANIFEST + "\",\"digest\":\"sha256:" + "2".repeat(64)
                + "\",\"size\":1,\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"}}]}";
        Index index = Json.read(bytes(json), Index.class);
        assertThat(index.forPlatform("linux", "amd64")).map(d -> d.digest().hex()).hasValue("2".repeat(64));
        assertThat(index.forPlatform("linux", "s390x")).isEmpty();
    }

    @Test
    void descriptor_refName_readsTheAnnotation() {
        Descriptor d = Descriptor.of(MediaType.OCI_MANIFEST, dev.skiff.oci.digest.Digest.ofHex(HEX), 3)
                .withAnnotation(Descriptor.REF_NAME, "mytag");
        assertThat(d.refName()).hasValue("mytag");
        assertThat(Json.read(Json.toBytes(d), Descriptor.class)).isEqualTo(d);
    }

    @Test
    void layerCompression_followsTheMediaType() {
        assertThat(MediaType.layerCompression(MediaType.OCI_LAYER)).hasValue(Compression.NONE);
        assertThat(MediaType.layerCompression(MediaType.DOCKER_LAYER_GZIP)).hasValue(Compression.GZIP);
        assertThat(MediaType.layerCompression(MediaType.OCI_LAYER_ZSTD)).hasValue(Compression.ZSTD);
        assertThat(MediaType.layerCompression("text/plain")).isEmpty();
    }
}

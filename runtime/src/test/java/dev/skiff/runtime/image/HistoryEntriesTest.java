package dev.skiff.runtime.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skiff.oci.digest.Digest;
import dev.skiff.oci.image.ImageConfig;
import dev.skiff.oci.json.Json;
import dev.skiff.runtime.storage.StorePaths;
import dev.skiff.runtime.testing.ImageArchives;
import dev.skiff.runtime.testing.TarBuilder;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ImageHistory}: history entries matched with layers, sizes and image ids as `podman history` shows them. */
class HistoryEntriesTest {
    static final String APP = "a".repeat(64);
    static final String BASE = "b".repeat(64);
    static final String OTHER = "c".repeat(64);
    static final String L1 = "1".repeat(64);
    static final String L2 = "2".repeat(64);
    static final String L3 = "3".repeat(64);

    /** Three layers, bottom to top: L1 (10240 bytes), L2 (71680), L3 (512). */
    static final Map<String, LayerRecord> LAYERS = Map.of(
            L1, new LayerRecord("sha256:" + L1, 10240, ""),
            L2, new LayerRecord("sha256:" + L2, 71680, L1),
            L3, new LayerRecord("sha256:" + L3, 512, L2));

    /** A step: {created, created_by, comment, "empty"?}; null fields are left out. */
    static ImageConfig config(String[]... steps) {
        ObjectNode c = Json.mapper().createObjectNode();
        c.put("architecture", "amd64");
        c.put("os", "linux");
        ArrayNode history = c.putArray("history");
        for (String[] s : steps) {
            ObjectNode h = history.addObject();
            if (s[0] != null) {
                h.put("created", s[0]);
            }
            if (s[1] != null) {
                h.put("created_by", s[1]);
            }
            if (s[2] != null) {
                h.put("comment", s[2]);
            }
            if (s.length > 3) {
                h.put("empty_layer", true);
            }
        }
        return Json.read(Json.toBytes(c), ImageConfig.class);
    }

    static String[] step(String created, String createdBy, String comment) {
        return new String[] {created, createdBy, comment};
    }

    static String[] empty(String created, String createdBy) {
        return new String[] {created, createdBy, null, "empty"};
    }

    /** A base image (L1, ADD then CMD) and an app built on it (L2, L3) with empty steps between. */
    static final ImageConfig APP_CONFIG = config(
            step("2020-01-01T00:00:00Z", "/bin/sh -c #(nop) ADD file:0123 in / ", "base"),
            empty("2020-01-01T00:00:01Z", "/bin/sh -c #(nop)  CMD [\"sh\"]"),
            step("2021-06-01T12:00:00.123456789+02:00", "/bin/sh -c echo hi > /b", null),
            empty(null, "/bin/sh -c #(nop) ENV A=b"),
            step("2022-01-01T00:00:00Z", "RUN /bin/sh -c touch c # buildkit", "buildkit.dockerfile.v0"),
            empty("2022-01-01T00:00:00Z", "LABEL x=y"),
            empty("2022-01-01T00:00:00Z", "LABEL z=w"));

    static List<ImageHistory.Entry> history(ImageConfig config, String image, String top,
                                            Map<String, List<String>> byTop) throws IOException {
        return ImageHistory.entries(config, image, top, chain -> {
            LayerRecord r = LAYERS.get(chain);
            if (r == null) {
                throw new NoSuchFileException("layers/" + chain + "/layer");
            }
            return r;
        }, byTop);
    }

    static List<String> ids(List<ImageHistory.Entry> entries) {
        return entries.stream().map(e -> e.imageId().orElse("<missing>")).toList();
    }

    @Test
    void entries_newestFirst_emptyStepsHaveNoSize_andLayersMatchNonEmptyStepsBottomUp() throws IOException {
        List<ImageHistory.Entry> entries = history(APP_CONFIG, APP, L3, Map.of(L3, List.of(APP)));

        assertThat(entries).extracting(ImageHistory.Entry::createdBy).containsExactly("LABEL z=w", "LABEL x=y",
                "RUN /bin/sh -c touch c # buildkit", "/bin/sh -c #(nop) ENV A=b", "/bin/sh -c echo hi > /b",
                "/bin/sh -c #(nop)  CMD [\"sh\"]", "/bin/sh -c #(nop) ADD file:0123 in / ");
        assertThat(entries).extracting(ImageHistory.Entry::size).as("sizes, newest first")
                .containsExactly(0L, 0L, 512L, 0L, 71680L, 0L, 10240L);
        assertThat(entries).extracting(ImageHistory.Entry::comment)
                .containsExactly("", "", "buildkit.dockerfile.v0", "", "", "", "base");
        assertThat(ids(entries)).as("only the top entry names the image")
                .containsExactly(APP, "<missing>", "<missing>", "<missing>", "<missing>", "<missing>", "<missing>");
    }

    @Test
    void entries_keepTheGivenOffset_andAnAbsentOrInvalidTimeIsEmpty() throws IOException {
        List<ImageHistory.Entry> entries = history(config(
                step("2021-06-01T12:00:00.123456789+02:00", "a", null),
                empty(null, "b"),
                empty("yesterday", "c")), APP, L1, Map.of());

        assertThat(entries).extracting(ImageHistory.Entry::created).containsExactly(Optional.empty(), Optional.empty(),
                Optional.of(OffsetDateTime.parse("2021-06-01T12:00:00.123456789+02:00")));
    }

    @Test
    void entries_onTheTopLayerOfAnotherStoredImage_nameThatImage() throws IOException {
        List<ImageHistory.Entry> entries = history(APP_CONFIG, APP, L3, Map.of(L3, List.of(APP), L1, List.of(BASE)));

        assertThat(ids(entries)).as("the base image's CMD step is the first on its top layer")
                .containsExactly(APP, "<missing>", "<missing>", "<missing>", "<missing>", BASE, "<missing>");
    }

    @Test
    void entries_ofAnImageSharingItsTopLayer_nameTheImageItselfOnTop() throws IOException {
        List<ImageHistory.Entry> entries = history(APP_CONFIG, APP, L3, Map.of(L3, List.of(OTHER, APP)));

        assertThat(ids(entries).getFirst()).isEqualTo(APP);
        assertThat(ids(entries).subList(1, entries.size())).containsOnly("<missing>");
    }

    @Test
    void entries_ofAnImageWithoutLayers_nameNothingAndHaveNoSize() throws IOException {
        List<ImageHistory.Entry> entries = history(config(empty("2020-01-01T00:00:00Z", "ENV A=b"),
                empty("2020-01-01T00:00:00Z", "CMD sh")), APP, null, Map.of());

        assertThat(ids(entries)).containsExactly("<missing>", "<missing>");
        assertThat(entries).extracting(ImageHistory.Entry::size).containsExactly(0L, 0L);
    }

    @Test
    void entries_outnumberingLayers_repeatTheBottomLayer_asPodman43Does() throws IOException {
        List<ImageHistory.Entry> entries = history(config(step(null, "one", null), step(null, "two", null)),
                APP, L1, Map.of(L1, List.of(APP)));

        assertThat(entries).extracting(ImageHistory.Entry::size).containsExactly(10240L, 10240L);
        assertThat(ids(entries)).containsExactly(APP, "<missing>");
    }

    @Test
    void entries_ofAConfigWithoutHistory_areNone() throws IOException {
        assertThat(history(config(), APP, L3, Map.of(L3, List.of(APP)))).isEmpty();
    }

    @Test
    void entries_whoseLayerRecordIsGone_failNamingTheLayer() {
        assertThatThrownBy(() -> history(config(step(null, "x", null)), APP, OTHER, Map.of()))
                .isInstanceOf(IOException.class).hasMessageStartingWith("layer cccccccccccc: ");
    }

    @Test
    void storeHistory_ofLoadedImages_takesSizesFromTheStoredLayers_andNamesTheBaseImage(@TempDir Path tmp)
            throws Exception {
        byte[] base = new TarBuilder().file("bin/sh", "#!shell", 0755).bytes();
        byte[] top = new TarBuilder().file("app", "app".repeat(1000), 0644).bytes();
        ImageStore store = new ImageStore(StorePaths.at(tmp.resolve("store")));
        Path baseArchive = tmp.resolve("base.tar");
        ImageArchives.dockerArchive(baseArchive, configWithHistory(List.of(base), "ADD base", "CMD sh"),
                List.of(base), List.of("base:1"));
        Path appArchive = tmp.resolve("app.tar");
        ImageArchives.dockerArchive(appArchive, configWithHistory(List.of(base, top), "ADD base", "CMD sh",
                "COPY app", "ENV A=b"), List.of(base, top), List.of("app:1"));
        store.load(baseArchive, s -> { }, s -> { });
        store.load(appArchive, s -> { }, s -> { });
        StoredImage app = store.resolve("app:1").orElseThrow();
        StoredImage baseImage = store.resolve("base:1").orElseThrow();

        List<ImageHistory.Entry> entries = store.history(app);

        assertThat(entries).extracting(ImageHistory.Entry::createdBy).containsExactly("ENV A=b", "COPY app", "CMD sh",
                "ADD base");
        assertThat(entries).extracting(ImageHistory.Entry::size)
                .containsExactly(0L, (long) top.length, 0L, (long) base.length);
        assertThat(ids(entries)).containsExactly(app.id(), "<missing>", baseImage.id(), "<missing>");
        assertThat(ids(store.history(baseImage))).containsExactly(baseImage.id(), "<missing>");
    }

    /** A config for these layers whose history has the STEPS, oldest first; steps with "CMD" or "ENV" are empty. */
    private static byte[] configWithHistory(List<byte[]> layers, String... steps) {
        ObjectNode c = Json.mapper().createObjectNode();
        c.put("architecture", "amd64");
        c.put("os", "linux");
        ArrayNode ids = c.putObject("rootfs").put("type", "layers").putArray("diff_ids");
        layers.forEach(l -> ids.add(Digest.of(l).toString()));
        ArrayNode history = c.putArray("history");
        for (String s : steps) {
            ObjectNode h = history.addObject().put("created", "2024-01-01T00:00:00Z").put("created_by", s);
            if (s.startsWith("CMD") || s.startsWith("ENV")) {
                h.put("empty_layer", true);
            }
        }
        return Json.toBytes(c);
    }
}

package dev.skiff.runtime.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.runtime.SkiffException;
import dev.skiff.runtime.storage.StorePaths;
import dev.skiff.runtime.testing.ImageArchives;
import dev.skiff.runtime.testing.TarBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageNamesTest {
    static final byte[] LAYER = new TarBuilder().file("a", "a").bytes();
    static final byte[] OTHER = new TarBuilder().file("b", "b").bytes();

    @TempDir
    Path tmp;
    StorePaths paths;
    ImageStore store;
    String id;

    @BeforeEach
    void setUp() throws Exception {
        paths = StorePaths.at(tmp.resolve("store"));
        store = new ImageStore(paths);
        id = load("one.tar", LAYER, "one:1");
    }

    private String load(String file, byte[] layer, String... tags) throws Exception {
        Path archive = tmp.resolve(file);
        ImageArchives.dockerArchive(archive, ImageArchives.config(List.of(layer), "2024-01-01T00:00:00Z", "sh"),
                List.of(layer), List.of(tags));
        store.load(archive, s -> { }, s -> { });
        return store.resolve(tags.length > 0 ? tags[0] : "x").map(StoredImage::id).orElse(null);
    }

    @Test
    void tag_addsFullNames_andTakesANameFromAnotherImage() throws Exception {
        String other = load("two.tar", OTHER, "two:1");

        store.tag("one:1", List.of("extra", "quay.io/a/b:2", "two:1"));

        assertThat(store.resolve("one:1").orElseThrow().names())
                .containsExactlyInAnyOrder("localhost/one:1", "localhost/extra:latest", "quay.io/a/b:2", "localhost/two:1");
        assertThat(store.resolve(other).orElseThrow().names()).isEmpty();
    }

    @Test
    void tag_refusesDigestsBadNamesAndUnknownImages() {
        assertThatThrownBy(() -> store.tag("one:1", List.of("x@sha256:" + "a".repeat(64))))
                .isInstanceOf(SkiffException.class).hasMessageContaining("digest");
        assertThatThrownBy(() -> store.tag("one:1", List.of("UPPER"))).isInstanceOf(SkiffException.class);
        assertThatThrownBy(() -> store.tag("nope", List.of("x"))).isInstanceOf(ImageNotKnownException.class);
    }

    @Test
    void untag_isAllOrNothing_andWithoutNamesRemovesEvery() {
        store.tag(id, List.of("more:1"));

        assertThatThrownBy(() -> store.untag(id, List.of("more:1", "absent:1")))
                .isInstanceOf(SkiffException.class).hasMessage("localhost/absent:1: tag not known");
        assertThat(store.resolve(id).orElseThrow().names()).contains("localhost/more:1");

        assertThat(store.untag(id, List.of())).containsExactlyInAnyOrder("localhost/one:1", "localhost/more:1");
        assertThat(store.resolve(id).orElseThrow().names()).isEmpty();
    }

    @Test
    void prune_removesUnnamedImagesAndTheirLayers_thenWithAllTheRest() throws Exception {
        String other = load("two.tar", OTHER, "two:1");
        store.untag(other, List.of());

        assertThat(store.prune(false)).containsExactly(other);
        assertThat(store.list()).extracting(StoredImage::id).containsExactly(id);
        try (var layers = Files.list(paths.layers())) {
            assertThat(layers.count()).isEqualTo(1);
        }

        assertThat(store.prune(true)).containsExactly(id);
        assertThat(store.list()).isEmpty();
        assertThat(store.diskUsage().rows().getFirst()).isEqualTo(new DiskUsage.Row("Images", 0, 0, 0, 0));
    }

    @Test
    void diskUsage_countsImagesAndWhatIsReclaimable() {
        DiskUsage.Row images = store.diskUsage().rows().getFirst();

        assertThat(images.total()).isEqualTo(1);
        assertThat(images.size()).isPositive().isEqualTo(images.reclaimable());
        assertThat(store.diskUsage().rows()).extracting(DiskUsage.Row::type)
                .containsExactly("Images", "Containers", "Local Volumes");
    }
}

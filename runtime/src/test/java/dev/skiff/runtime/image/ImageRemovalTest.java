package dev.skiff.runtime.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.runtime.SkiffException;
import dev.skiff.runtime.storage.ContainerStates;
import dev.skiff.runtime.storage.FieldFile;
import dev.skiff.runtime.storage.StorePaths;
import dev.skiff.runtime.testing.ImageArchives;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `rmi` follows Podman: untag a name of a many-named image, refuse an id with many names unless forced. */
class ImageRemovalTest {
    @TempDir
    Path tmp;
    StorePaths paths;
    ImageStore store;
    StoredImage busybox;

    @BeforeEach
    void setUp() throws Exception {
        paths = StorePaths.at(tmp.resolve("store"));
        store = new ImageStore(paths);
        Path a = tmp.resolve("a.tar");
        ImageArchives.dockerArchive(a, ImageArchives.config(List.of(ImageStoreTest.BASE, ImageStoreTest.TOP),
                ImageStoreTest.CREATED, "sh"), List.of(ImageStoreTest.BASE, ImageStoreTest.TOP), List.of("busybox:latest", "bb:2"));
        store.load(a, null);
        Path b = tmp.resolve("b.tar");
        ImageArchives.dockerArchive(b, ImageArchives.config(List.of(ImageStoreTest.BASE), ImageStoreTest.CREATED, "sh"),
                List.of(ImageStoreTest.BASE), List.of("base:1"));
        store.load(b, null);
        busybox = store.resolve("busybox").orElseThrow();
    }

    private long layerCount() throws Exception {
        try (Stream<Path> s = Files.list(paths.layers())) {
            return s.count();
        }
    }

    @Test
    void rmiName_ofImageWithOtherNames_onlyUntags() {
        RemovedImage r = store.remove("bb:2", false);
        assertThat(r.untagged()).containsExactly("localhost/bb:2");
        assertThat(r.deletedId()).isEmpty();
        assertThat(store.resolve("busybox")).isPresent();
        assertThat(store.resolve("bb:2")).isEmpty();
    }

    @Test
    void rmiLastName_deletesTheImageAndItsOwnLayersOnly() throws Exception {
        store.remove("bb:2", false);
        RemovedImage r = store.remove("busybox", false);
        assertThat(r.untagged()).containsExactly("localhost/busybox:latest");
        assertThat(r.deletedId()).hasValue(busybox.id());
        assertThat(store.resolve(busybox.id())).isEmpty();
        assertThat(layerCount()).as("the base layer stays for base:1").isEqualTo(1);
        assertThat(store.resolve("base:1")).isPresent();
        assertThat(Files.exists(paths.blobs().resolve(busybox.id()))).isFalse();
    }

    @Test
    void rmiById_withSeveralNames_needsForce() {
        assertThatThrownBy(() -> store.remove(busybox.id().substring(0, 12), false))
                .isInstanceOf(SkiffException.class)
                .hasMessage("unable to delete image \"" + busybox.id() + "\" by ID with more than one tag "
                        + "([localhost/busybox:latest localhost/bb:2]): please force removal");
        RemovedImage r = store.remove(busybox.id().substring(0, 12), true);
        assertThat(r.untagged()).containsExactlyInAnyOrder("localhost/busybox:latest", "localhost/bb:2");
        assertThat(r.deletedId()).hasValue(busybox.id());
    }

    @Test
    void rmiUnknown_isImageNotKnown() {
        assertThatThrownBy(() -> store.remove("nosuch", false))
                .isInstanceOf(ImageNotKnownException.class).hasMessage("nosuch: image not known");
    }

    @Test
    void rmiOfImageUsedByAContainer_isRefused() throws Exception {
        Path c = Files.createDirectories(paths.containers().resolve("c0ffee"));
        FieldFile.create().put("id", "c0ffee").put("imageId", busybox.id()).writeTo(c.resolve(ContainerStates.FILE));
        assertThatThrownBy(() -> store.remove(busybox.id(), true))
                .isInstanceOf(SkiffException.class)
                .hasMessageContaining("image is in use by a container")
                .extracting(e -> ((SkiffException) e).exitCode()).isEqualTo(2);
        assertThat(store.resolve("busybox")).isPresent();
    }

    @Test
    void rmiEverything_leavesNoLayersOrBlobs() throws Exception {
        store.remove(busybox.id(), true);
        store.remove("base:1", false);
        assertThat(store.list()).isEmpty();
        assertThat(layerCount()).isZero();
        try (Stream<Path> s = Files.list(paths.blobs())) {
            assertThat(s).isEmpty();
        }
        assertThat(Files.readString(paths.images().resolve("names"))).isEmpty();
    }

    @Test
    void loadingANameHeldByAnotherImage_movesIt() throws Exception {
        Path c = tmp.resolve("c.tar");
        ImageArchives.dockerArchive(c, ImageArchives.config(List.of(ImageStoreTest.TOP), ImageStoreTest.CREATED, "new"),
                List.of(ImageStoreTest.TOP), List.of("base:1"));
        store.load(c, null);
        assertThat(store.runConfig(store.resolve("base:1").orElseThrow()).cmd()).containsExactly("new");
        assertThat(store.list()).anySatisfy(i -> assertThat(i.names()).isEmpty());
        assertThat(Optional.of(store.list().size())).hasValue(3);
    }
}

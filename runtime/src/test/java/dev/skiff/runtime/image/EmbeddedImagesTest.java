package dev.skiff.runtime.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.oci.digest.Digest;
import dev.skiff.runtime.storage.StorePaths;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedImagesTest {
    @TempDir
    Path tmp;

    @Test
    void resolveHello_buildsTheImageOnceWithAStableId() throws Exception {
        ImageStore store = new ImageStore(StorePaths.at(tmp.resolve("a")));
        StoredImage hello = store.resolve("hello").orElseThrow();
        assertThat(hello.names()).containsExactly(EmbeddedImages.HELLO);
        assertThat(store.resolve("localhost/hello:latest")).map(StoredImage::id).hasValue(hello.id());
        assertThat(store.resolve("hello:latest")).map(StoredImage::id).hasValue(hello.id());
        RunConfig rc = store.runConfig(hello);
        assertThat(rc.cmd()).containsExactly("/hello");
        assertThat(rc.env()).singleElement().asString().startsWith("PATH=");
        Path binary = store.layerDir(rc.layerChainIds().getFirst()).resolve("hello");
        assertThat((Integer) Files.getAttribute(binary, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777).isEqualTo(0755);
        assertThat(Files.size(binary)).isPositive();

        ImageStore other = new ImageStore(StorePaths.at(tmp.resolve("b")));
        assertThat(other.resolve("hello")).map(StoredImage::id).as("built the same way everywhere").hasValue(hello.id());
        assertThat(Digest.of(EmbeddedImages.helloSource().config()).hex()).isEqualTo(hello.id());
    }

    @Test
    void otherTagsOfHello_areNotEmbedded() {
        ImageStore store = new ImageStore(StorePaths.at(tmp.resolve("c")));
        assertThat(store.resolve("hello:2")).isEmpty();
        assertThat(store.resolve("docker.io/library/hello")).isEmpty();
    }
}

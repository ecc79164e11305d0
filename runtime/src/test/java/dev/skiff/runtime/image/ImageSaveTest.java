package dev.skiff.runtime.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.oci.digest.Digest;
import dev.skiff.runtime.SkiffException;
import dev.skiff.runtime.archive.TarSplit;
import dev.skiff.runtime.storage.StorePaths;
import dev.skiff.runtime.testing.ImageArchives;
import dev.skiff.runtime.testing.TarBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageSaveTest {
    static final String CREATED = "2024-05-06T07:08:09Z";
    static final byte[] BASE = new TarBuilder()
            .dir("etc/", 0755)
            .file("etc/os", "base")
            .file("etc/big", new byte[70_000], 0640, 12, 34, Map.of("SCHILY.xattr.user.note", "kept"))
            .file("etc/" + "long-name-".repeat(20), "a name longer than 100 bytes", 0644)
            .hardlink("etc/big-link", "etc/big")
            .symlink("etc/link", "os")
            .fifo("etc/fifo")
            .charDevice("dev-null")
            .dir("var/", 0755)
            .file("var/gone", "removed above")
            .bytes();
    static final byte[] TOP = new TarBuilder()
            .file("etc/.wh.os", "")
            .dir("var/", 0755)
            .file("var/.wh..wh..opq", "")
            .file("var/new", "new")
            .file("sparse-free", new byte[3], 0600, 0, 0, Map.of())
            .bytes();

    @TempDir
    Path tmp;
    StorePaths paths;
    ImageStore store;

    @BeforeEach
    void setUp() {
        paths = StorePaths.at(tmp.resolve("store"));
        store = new ImageStore(paths);
    }

    private String loadGzippedAndPlain() throws Exception {
        Path archive = tmp.resolve("in.tar");
        ImageArchives.dockerArchive(archive, ImageArchives.config(List.of(BASE, TOP), CREATED, "/bin/sh"),
                List.of(TarBuilder.gzip(BASE), TOP), List.of("saved:1"));
        store.load(archive, s -> { }, s -> { });
        return store.resolve("saved:1").orElseThrow().id();
    }

    @Test
    void save_dockerArchive_writesEveryLayerByteForByte() throws Exception {
        String id = loadGzippedAndPlain();
        Path out = tmp.resolve("out.tar");

        store.save("saved:1", out, ArchiveFormat.DOCKER_ARCHIVE);

        Map<String, byte[]> files = read(out);
        assertThat(files.get(Digest.of(BASE).hex() + ".tar")).as("base layer").isEqualTo(BASE);
        assertThat(files.get(Digest.of(TOP).hex() + ".tar")).as("top layer").isEqualTo(TOP);
        assertThat(new String(files.get("manifest.json"))).contains("\"localhost/saved:1\"", id + ".json");
        assertThat(Digest.of(files.get(id + ".json")).hex()).isEqualTo(id);
    }

    @Test
    void save_ociArchive_loadsBackToTheSameImage() throws Exception {
        String id = loadGzippedAndPlain();
        Path out = tmp.resolve("out-oci.tar");
        store.save(id.substring(0, 12), out, ArchiveFormat.OCI_ARCHIVE);
        Map<String, byte[]> files = read(out);
        assertThat(files.get("blobs/sha256/" + Digest.of(BASE).hex())).isEqualTo(BASE);
        assertThat(new String(files.get("index.json"))).doesNotContain("ref.name");

        ImageStore other = new ImageStore(StorePaths.at(tmp.resolve("other")));
        List<String> loaded = other.load(out, s -> { }, s -> { });

        assertThat(loaded).containsExactly("sha256:" + id);
    }

    @Test
    void save_twice_givesTheSameBytes() throws Exception {
        loadGzippedAndPlain();
        store.save("saved:1", tmp.resolve("a.tar"), ArchiveFormat.DOCKER_ARCHIVE);
        store.save("saved:1", tmp.resolve("b.tar"), ArchiveFormat.DOCKER_ARCHIVE);
        assertThat(Files.readAllBytes(tmp.resolve("a.tar"))).isEqualTo(Files.readAllBytes(tmp.resolve("b.tar")));
    }

    @Test
    void save_ofAChangedLayer_isRefusedNamingTheDigests_andLeavesNoFile() throws Exception {
        String id = loadGzippedAndPlain();
        String chain = Digest.of(BASE).hex();
        Files.writeString(paths.layers().resolve(chain).resolve("diff/etc/os"), "BASE");
        Path out = tmp.resolve("out.tar");

        assertThatThrownBy(() -> store.save(id, out, ArchiveFormat.DOCKER_ARCHIVE))
                .isInstanceOf(SkiffException.class).hasMessageContaining("layer " + Digest.of(BASE))
                .hasMessageContaining("expected");
        assertThat(Files.list(tmp).map(p -> p.getFileName().toString()).filter(n -> n.contains("out"))).isEmpty();
    }

    /** A directory replaced by a symlink later in the same layer: save must not read through it. */
    @Test
    void save_neverReadsThroughASymlinkThatReplacedADirectory() throws Exception {
        Path secret = Files.writeString(tmp.resolve("secret"), "host secret");
        byte[] layer = new TarBuilder().dir("d/", 0755).file("d/secret", "in layer").symlink("d", tmp.toString())
                .bytes();
        Path archive = tmp.resolve("swap.tar");
        ImageArchives.dockerArchive(archive, ImageArchives.config(List.of(layer), CREATED, "/bin/sh"), List.of(layer),
                List.of("swap:1"));
        store.load(archive, s -> { }, s -> { });
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        assertThatThrownBy(() -> store.save("swap:1", out, ArchiveFormat.DOCKER_ARCHIVE))
                .isInstanceOf(SkiffException.class).hasMessageContaining("`d` is no longer a directory");
        assertThat(out.toString()).doesNotContain(Files.readString(secret));
    }

    /** A file replaced by a FIFO later in the same layer: save fails instead of blocking on it. */
    @Test
    void save_ofAFileLaterReplacedByAFifo_failsWithoutBlocking() throws Exception {
        byte[] layer = new TarBuilder().file("f", "first").fifo("f").bytes();
        Path archive = tmp.resolve("fifo.tar");
        ImageArchives.dockerArchive(archive, ImageArchives.config(List.of(layer), CREATED, "/bin/sh"), List.of(layer),
                List.of("fifo:1"));
        store.load(archive, s -> { }, s -> { });

        assertThatThrownBy(() -> store.save("fifo:1", new ByteArrayOutputStream(), ArchiveFormat.OCI_ARCHIVE))
                .isInstanceOf(SkiffException.class).hasMessageContaining("`f` is no longer a regular file");
    }

    @Test
    void layerRecord_isSmall_andKeepsNoFileContents() throws Exception {
        loadGzippedAndPlain();
        Path split = paths.layers().resolve(Digest.of(BASE).hex()).resolve(TarSplit.FILE);
        assertThat(Files.size(split)).as("tar-split of a %d-byte layer", BASE.length).isLessThan(2_000);
    }

    @Test
    void save_ofAnUnknownImage_isRefused() {
        assertThatThrownBy(() -> store.save("nope", tmp.resolve("x.tar"), ArchiveFormat.DOCKER_ARCHIVE))
                .isInstanceOf(ImageNotKnownException.class);
    }

    private static Map<String, byte[]> read(Path archive) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(archive); TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                files.put(e.getName(), tar.readAllBytes());
            }
        }
        assertThat(Arrays.asList(files.keySet().toArray())).isNotEmpty();
        return files;
    }
}

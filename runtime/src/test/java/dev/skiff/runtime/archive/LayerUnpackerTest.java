package dev.skiff.runtime.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.runtime.testing.TarBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LayerUnpackerTest {
    private static final String LAYER = "layer sha256:" + "ab".repeat(32);
    private static final int S_IFMT = 0170000;

    @TempDir
    Path tmp;
    Path layer;
    Path victim;
    final List<String> warnings = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        layer = Files.createDirectories(tmp.resolve("store/layers/x/diff"));
        victim = Files.createDirectories(tmp.resolve("store/layers/victim"));
        Files.writeString(victim.resolve("keep"), "original");
    }

    private void unpack(TarBuilder tar) throws IOException {
        unpack(tar.bytes(), TarLimits.LAYER);
    }

    private void unpack(byte[] tar, TarLimits limits) throws IOException {
        LayerUnpacker.unpack(new BoundedTarInputStream(new ByteArrayInputStream(tar), limits, LAYER), layer, LAYER,
                warnings::add);
    }

    private static int mode(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    }

    @Test
    void unpack_filesDirsAndLinks_areRecreatedWithModesAndTimes() throws Exception {
        unpack(new TarBuilder()
                .dir("./etc/", 0755)
                .file("etc/hostname", "box\n", 0644)
                .file("bin/su", "x", 04755)
                .dir("tmp/", 01777)
                .dir("ro/", 0555)
                .file("ro/inside", "y", 0444)
                .symlink("etc/link", "/etc/hostname")
                .hardlink("etc/hard", "etc/hostname")
                .fifo("run/fifo"));
        assertThat(Files.readString(layer.resolve("etc/hostname"))).isEqualTo("box\n");
        assertThat(mode(layer.resolve("bin/su")) & 07777).isEqualTo(04755);
        assertThat(mode(layer.resolve("tmp")) & 07777).isEqualTo(01777);
        assertThat(mode(layer.resolve("ro")) & 07777).isEqualTo(0555);
        assertThat(Files.readSymbolicLink(layer.resolve("etc/link")).toString()).isEqualTo("/etc/hostname");
        assertThat(Files.isSameFile(layer.resolve("etc/hard"), layer.resolve("etc/hostname"))).isTrue();
        assertThat(mode(layer.resolve("run/fifo")) & S_IFMT).isEqualTo(0010000);
        FileTime expected = FileTime.from(TarBuilder.MTIME);
        assertThat(Files.getLastModifiedTime(layer.resolve("etc"), LinkOption.NOFOLLOW_LINKS))
                .as("a dir's mtime is set after its entries are written").isEqualTo(expected);
        assertThat(Files.getLastModifiedTime(layer.resolve("ro/inside"))).isEqualTo(expected);
        assertThat(warnings).isEmpty();
    }

    @Test
    void unpack_owners_areAppliedWhenPermittedElseLeftToTheUser() throws Exception {
        unpack(new TarBuilder().file("owned", "x".getBytes(StandardCharsets.UTF_8), 0640, 1234, 5678, Map.of()));
        int uid = (Integer) Files.getAttribute(layer.resolve("owned"), "unix:uid");
        int gid = (Integer) Files.getAttribute(layer.resolve("owned"), "unix:gid");
        if (Ownership.canChown()) {
            assertThat(uid).isEqualTo(1234);
            assertThat(gid).isEqualTo(5678);
        } else {
            assertThat(uid).isEqualTo((Integer) Files.getAttribute(layer, "unix:uid"));
        }
    }

    @Test
    void unpack_userXattrFromPax_isSet() throws Exception {
        unpack(new TarBuilder().file("x", "y".getBytes(StandardCharsets.UTF_8), 0644, 0, 0,
                Map.of("SCHILY.xattr.user.note", "hello")));
        UserDefinedFileAttributeView view = Files.getFileAttributeView(layer.resolve("x"), UserDefinedFileAttributeView.class);
        ByteBuffer buf = ByteBuffer.allocate(16);
        view.read("note", buf);
        assertThat(new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8)).isEqualTo("hello");
    }

    @Test
    void unpack_whiteout_becomesACharDevice00() throws Exception {
        unpack(new TarBuilder().dir("etc/", 0755).file("etc/.wh.passwd", ""));
        Path w = layer.resolve("etc/passwd");
        assertThat(mode(w) & S_IFMT).isEqualTo(0020000);
        assertThat(((Number) Files.getAttribute(w, "unix:rdev", LinkOption.NOFOLLOW_LINKS)).longValue()).isZero();
        assertThat(layer.resolve("etc/.wh.passwd")).doesNotExist();
    }

    @Test
    void unpack_opaqueMarker_setsTheOverlayXattrOnItsDir() throws Exception {
        unpack(new TarBuilder().dir("var/", 0755).file("var/.wh..wh..opq", "").file("var/new", "n"));
        UserDefinedFileAttributeView view = Files.getFileAttributeView(layer.resolve("var"), UserDefinedFileAttributeView.class);
        ByteBuffer buf = ByteBuffer.allocate(4);
        view.read("overlay.opaque", buf);
        assertThat(new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8)).isEqualTo("y");
        assertThat(layer.resolve("var/new")).exists();
        assertThat(layer.resolve("var/.wh..wh..opq")).doesNotExist();
    }

    @Test
    void unpack_deviceNodes_areSkippedWithOneWarning() throws Exception {
        unpack(new TarBuilder().charDevice("dev/null").charDevice("dev/zero").file("ok", "x"));
        assertThat(layer.resolve("dev/null")).doesNotExist();
        assertThat(warnings).singleElement().asString().contains("device nodes skipped").contains("dev/null");
    }

    @Test
    void unpack_laterEntry_replacesEarlierOne() throws Exception {
        unpack(new TarBuilder().file("a", "old").dir("d/", 0755).file("d/x", "x").file("a", "new").file("d", "now a file"));
        assertThat(Files.readString(layer.resolve("a"))).isEqualTo("new");
        assertThat(Files.readString(layer.resolve("d"))).isEqualTo("now a file");
    }

    @Test
    void unpack_leadingSlash_isStrippedLikeDocker() throws Exception {
        unpack(new TarBuilder().file("/abs/file", "x"));
        assertThat(layer.resolve("abs/file")).hasContent("x");
    }

    @Test
    void unpack_rootEntryAsSymlink_isIgnored() throws Exception {
        unpack(new TarBuilder().symlink(".", "/tmp").file("x", "inside"));
        assertThat(Files.isSymbolicLink(layer)).isFalse();
        assertThat(layer.resolve("x")).hasContent("inside");
    }

    static Stream<Arguments> escapes() {
        return Stream.of(
                Arguments.of("dotdot", new TarBuilder().file("../victim/pwned", "x"), "entry `../victim/pwned` escapes the layer"),
                Arguments.of("inner dotdot", new TarBuilder().file("etc/../../x", "x"), "entry `etc/../../x` escapes the layer"),
                Arguments.of("absolute dotdot", new TarBuilder().file("/../../victim/pwned", "x"), "escapes the layer"),
                Arguments.of("through symlink", new TarBuilder().symlink("ln", "../../victim").file("ln/pwned", "x"),
                        "entry `ln/pwned` escapes the layer through the symlink `ln`"),
                Arguments.of("dir through symlink", new TarBuilder().symlink("ln", "/").dir("ln/etc/", 0755),
                        "through the symlink `ln`"),
                Arguments.of("hard link outside", new TarBuilder().hardlink("h", "../victim/keep"),
                        "entry `h` linking to `../victim/keep` escapes the layer"),
                Arguments.of("hard link through symlink", new TarBuilder().symlink("ln", "../victim").hardlink("h", "ln/keep"),
                        "hard link escapes the layer through the symlink `ln`"),
                Arguments.of("hard link to missing", new TarBuilder().hardlink("h", "etc/shadow"), "is not in this layer"),
                Arguments.of("whiteout through symlink", new TarBuilder().symlink("ln", "../victim").file("ln/.wh.keep", ""),
                        "through the symlink `ln`"),
                Arguments.of("whiteout of dotdot", new TarBuilder().file(".wh...", ""), "escapes the layer"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("escapes")
    void unpack_escapingEntry_isRefusedAndVictimUntouched(String name, TarBuilder tar, String message) throws Exception {
        assertThatThrownBy(() -> unpack(tar))
                .isInstanceOf(InvalidArchiveException.class)
                .hasMessageStartingWith(LAYER + ": ")
                .hasMessageContaining(message);
        try (Stream<Path> s = Files.list(victim)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("keep");
        }
        assertThat(victim.resolve("keep")).hasContent("original");
    }

    @Test
    void unpack_tooManyEntries_isRefused() {
        TarBuilder tar = new TarBuilder();
        for (int i = 0; i < 11; i++) {
            tar.file("f" + i, "x");
        }
        assertThatThrownBy(() -> unpack(tar.bytes(), new TarLimits(10, 4096, 1 << 20, 1 << 20)))
                .isInstanceOf(InvalidArchiveException.class).hasMessageContaining("more than 10 entries");
    }

    @Test
    void unpack_hugePaxHeader_isRefusedBeforeItIsRead() {
        byte[] header = new byte[512];
        byte[] name = "././@PaxHeader".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(name, 0, header, 0, name.length);
        byte[] size = "77777777777\0".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(size, 0, header, 124, size.length);
        header[156] = 'x';
        assertThatThrownBy(() -> unpack(header, TarLimits.LAYER))
                .isInstanceOf(InvalidArchiveException.class).hasMessageContaining("`x` header of 8589934591 bytes");
    }

    @Test
    void unpack_longNameBeyondCap_isRefused() {
        String longName = "d/".repeat(3000) + "f";
        assertThatThrownBy(() -> unpack(new TarBuilder().file(longName, "x")))
                .isInstanceOf(InvalidArchiveException.class).hasMessageContaining("longer than 4096 bytes");
    }

    @Test
    void unpack_manyChainedPaxHeaders_isRefused() {
        TarBuilder tar = new TarBuilder();
        for (int i = 0; i < 20; i++) {
            tar.entry("././@PaxHeader", (byte) 'x', 0644, null, "11 a=bcdef\n".getBytes(StandardCharsets.UTF_8), 0, 0, Map.of());
        }
        tar.file("x", "y");
        assertThatThrownBy(() -> unpack(tar))
                .isInstanceOf(InvalidArchiveException.class).hasMessageContaining("metadata headers in a row");
    }
}

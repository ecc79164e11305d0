package dev.skiff.runtime.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.runtime.sys.SafeDir;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreeCopyTest {
    @TempDir
    Path tmp;

    @Test
    void aTreeWrittenAndExtracted_keepsContentModesLinksAndSymlinks_underItsNewName() throws IOException {
        Path src = tmp.resolve("src");
        Files.createDirectories(src.resolve("sub"));
        Files.writeString(src.resolve("a.txt"), "alpha");
        Files.setPosixFilePermissions(src.resolve("a.txt"), PosixFilePermissions.fromString("rwxr-x---"));
        Files.createLink(src.resolve("sub/hard.txt"), src.resolve("a.txt"));
        Files.createSymbolicLink(src.resolve("sub/link"), Path.of("../a.txt"));
        Path dest = Files.createDirectory(tmp.resolve("dest"));

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (SafeDir parent = SafeDir.open(tmp)) {
            TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes);
            TreeCopy.write(parent, "src", "renamed", tar);
            tar.finish();
        }
        try (SafeDir into = SafeDir.open(dest)) {
            TreeCopy.extract(new ByteArrayInputStream(bytes.toByteArray()), into, "", SafeDir.Scope.BENEATH,
                    TreeCopy.Owners.NONE, false);
        }

        Path out = dest.resolve("renamed");
        assertThat(Files.readString(out.resolve("a.txt"))).isEqualTo("alpha");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("a.txt"))))
                .isEqualTo("rwxr-x---");
        assertThat(Files.isSameFile(out.resolve("a.txt"), out.resolve("sub/hard.txt"))).isTrue();
        assertThat(Files.readSymbolicLink(out.resolve("sub/link"))).isEqualTo(Path.of("../a.txt"));
    }

    @Test
    void entriesThatLeaveTheDestination_byDotDotOrThroughASymlink_areRefused() throws IOException {
        Path dest = Files.createDirectory(tmp.resolve("dest"));
        Path outside = Files.createDirectory(tmp.resolve("outside"));

        assertThatThrownBy(() -> extract(dest, tar(file("../escaped.txt"))))
                .isInstanceOf(TreeCopy.CopyException.class).hasMessageContaining("../escaped.txt");
        assertThatThrownBy(() -> extract(dest, tar(symlink("out", outside.toString()), file("out/planted.txt"))))
                .isInstanceOf(IOException.class);
        assertThat(outside).isEmptyDirectory();
    }

    @Test
    void directoriesTheArchiveDoesNotList_areMadeOnTheWay_0755() throws IOException {
        Path dest = Files.createDirectory(tmp.resolve("dest"));

        extract(dest, tar(file("a/b/c.txt"), file("a/d.txt")));

        assertThat(Files.readString(dest.resolve("a/b/c.txt"))).isEqualTo("data");
        assertThat(Files.readString(dest.resolve("a/d.txt"))).isEqualTo("data");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dest.resolve("a/b")))).isEqualTo("rwxr-xr-x");
        assertThatThrownBy(() -> extract(dest, tar(file("a/d.txt/e.txt")))).as("a file on the way is no directory")
                .isInstanceOf(IOException.class);
    }

    @Test
    void aDirectoryAndAFile_replaceEachOtherOnlyWithOverwrite() throws IOException {
        Path dest = tmp.resolve("dest");
        Files.createDirectories(dest.resolve("thing"));

        assertThatThrownBy(() -> extract(dest, tar(file("thing")))).hasMessageContaining("--overwrite");
        try (SafeDir into = SafeDir.open(dest)) {
            TreeCopy.extract(new ByteArrayInputStream(tar(file("thing"))), into, "", SafeDir.Scope.BENEATH,
                    TreeCopy.Owners.NONE, true);
        }
        assertThat(Files.readString(dest.resolve("thing"))).isEqualTo("data");
    }

    private static void extract(Path dest, byte[] tar) throws IOException {
        try (SafeDir into = SafeDir.open(dest)) {
            TreeCopy.extract(new ByteArrayInputStream(tar), into, "", SafeDir.Scope.BENEATH, TreeCopy.Owners.NONE,
                    false);
        }
    }

    private static TarArchiveEntry file(String name) {
        TarArchiveEntry e = new TarArchiveEntry(name, true);
        e.setSize(4);
        return e;
    }

    private static TarArchiveEntry symlink(String name, String target) {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK, true);
        e.setLinkName(target);
        return e;
    }

    private static byte[] tar(TarArchiveEntry... entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            for (TarArchiveEntry e : entries) {
                tar.putArchiveEntry(e);
                if (e.isFile()) {
                    tar.write("data".getBytes(StandardCharsets.UTF_8));
                }
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }
}

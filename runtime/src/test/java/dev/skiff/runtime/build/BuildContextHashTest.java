package dev.skiff.runtime.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildContextHashTest {
    @TempDir
    Path dir;

    @BeforeEach
    void aContext() throws IOException {
        write("app/main.go", "package main");
        write("app/lib/util.go", "package lib");
        write("README.md", "readme");
        write("secret.env", "TOKEN=1");
        Files.createSymbolicLink(dir.resolve("app/current"), Path.of("lib"));
    }

    private void write(String rel, String content) throws IOException {
        Path file = dir.resolve(rel);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private String hash(String... sources) {
        BuildContext context = new BuildContext(dir, IgnoreRules.of(List.of("secret.env", "app/**/*.tmp")));
        return context.hash(List.of(sources));
    }

    @Test
    void hash_isSha256Hex_andStableForAnUnchangedTree() {
        String first = hash("app", "README.md");

        assertThat(first).matches("[0-9a-f]{64}");
        assertThat(hash("app", "README.md")).isEqualTo(first);
        assertThat(hash(".")).isNotEqualTo(first);
        assertThat(hash("README.md", "app")).as("the sources' order is part of the key").isNotEqualTo(first);
    }

    @Test
    void hash_changesWithFileContent() throws IOException {
        String before = hash("app");

        write("app/lib/util.go", "package lib // changed");

        assertThat(hash("app")).isNotEqualTo(before);
    }

    @Test
    void hash_changesWithSameSizeContent() throws IOException {
        String before = hash("app");

        write("app/lib/util.go", "package lix");

        assertThat(hash("app")).isNotEqualTo(before);
    }

    @Test
    void hash_changesWithPermissionBits() throws IOException {
        String before = hash("app");

        Files.setPosixFilePermissions(dir.resolve("app/main.go"), PosixFilePermissions.fromString("rwxr-xr-x"));

        assertThat(hash("app")).isNotEqualTo(before);
    }

    @Test
    void hash_changesWithSetuidSetgidAndStickyBits() throws IOException {
        String plain = hash("app");
        Path dirEntry = dir.resolve("app/lib");
        int mode = (Integer) Files.getAttribute(dirEntry, "unix:mode");

        Files.setAttribute(dirEntry, "unix:mode", (mode & 0777) | 01000);
        String sticky = hash("app");
        Files.setAttribute(dirEntry, "unix:mode", (mode & 0777) | 02000);
        String setgid = hash("app");

        assertThat(List.of(plain, sticky, setgid)).doesNotHaveDuplicates();
    }

    @Test
    void hash_ignoresTimes() throws IOException {
        String before = hash("app", "README.md");

        FileTime past = FileTime.from(Instant.parse("2001-02-03T04:05:06Z"));
        for (String rel : List.of("app/main.go", "app/lib", "README.md")) {
            Files.setLastModifiedTime(dir.resolve(rel), past);
        }

        assertThat(hash("app", "README.md")).isEqualTo(before);
    }

    @Test
    void hash_changesWithASymlinkTarget_withoutReadingThroughIt() throws IOException {
        String before = hash("app");

        Files.delete(dir.resolve("app/current"));
        Files.createSymbolicLink(dir.resolve("app/current"), Path.of("main.go"));

        assertThat(hash("app")).isNotEqualTo(before);
        assertThat(Files.isSymbolicLink(dir.resolve("app/current"))).isTrue();
    }

    @Test
    void hash_changesWithANewFile_andWithARename() throws IOException {
        String before = hash("app");

        write("app/new.go", "");
        String added = hash("app");
        Files.move(dir.resolve("app/new.go"), dir.resolve("app/renamed.go"));

        assertThat(added).isNotEqualTo(before);
        assertThat(hash("app")).isNotEqualTo(added);
    }

    @Test
    void hash_ofAnEmptyFileAndAnEmptyDirectory_differ() throws IOException {
        Files.createDirectory(dir.resolve("empty"));
        String asDirectory = hash("empty");

        Files.delete(dir.resolve("empty"));
        write("empty", "");

        assertThat(hash("empty")).isNotEqualTo(asDirectory);
    }

    @Test
    void hash_leavesOutIgnoredFiles() throws IOException {
        String before = hash(".");

        write("secret.env", "TOKEN=2");
        write("app/lib/cache.tmp", "scratch");

        assertThat(hash(".")).isEqualTo(before);
        assertThat(new BuildContext(dir, IgnoreRules.of(List.of())).hash(List.of("."))).isNotEqualTo(before);
    }

    @Test
    void hash_ofThousandsOfSmallFiles_isFast() throws IOException {
        for (int d = 0; d < 40; d++) {
            for (int f = 0; f < 50; f++) {
                write("many/d" + d + "/f" + f + ".txt", "content of file " + d + "/" + f);
            }
        }
        BuildContext context = new BuildContext(dir, IgnoreRules.of(List.of(
                "node_modules", ".git", "**/*.log", "**/*.tmp", "dist", "*.md", "!README.md", "**/__pycache__",
                "**/*.pyc", ".env*", "target", "docs/**", "!docs/keep", "vendor", "*.pem", "Dockerfile*")));
        assertThat(context.walk("many")).hasSize(1 + 40 + 2000);
        String expected = context.hash(List.of("many"));

        // the best of three, so that a busy machine does not fail the case
        long best = Long.MAX_VALUE;
        for (int run = 0; run < 3; run++) {
            long start = System.nanoTime();
            assertThat(context.hash(List.of("many"))).isEqualTo(expected);
            best = Math.min(best, (System.nanoTime() - start) / 1_000_000);
        }

        assertThat(best).as("hashing 2,000 files took %d ms", best).isLessThan(200);
    }
}

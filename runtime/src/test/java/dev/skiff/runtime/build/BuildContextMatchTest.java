package dev.skiff.runtime.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BuildContextMatchTest {
    @TempDir
    Path tmp;
    Path dir;

    @BeforeEach
    void aContext() throws IOException {
        dir = Files.createDirectory(tmp.resolve("context"));
        write("a.txt", "a");
        write("b.txt", "b");
        write("c.md", "c");
        write("Dockerfile", "FROM scratch");
        write("sub/d.txt", "d");
        write("sub/e.md", "e");
        write("sub/deep/f.txt", "f");
        write("sub2/g.txt", "g");
        write("real/h.txt", "h");
        Files.createSymbolicLink(dir.resolve("linkdir"), Path.of("real"));
    }

    private BuildContext context(String... ignoreLines) {
        return new BuildContext(dir, IgnoreRules.of(List.of(ignoreLines)));
    }

    private void write(String rel, String content) throws IOException {
        Path file = dir.resolve(rel);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    @ParameterizedTest(name = "COPY {0} → {1}")
    @CsvSource(delimiter = '|', value = {
            "a.txt          | a.txt",
            "/a.txt         | a.txt",
            "./sub/../a.txt | a.txt",
            "sub/           | sub",
            ".              | .",
            "/              | .",
            "Dockerfile     | Dockerfile",
            "*.txt          | a.txt,b.txt",
            "?.md           | c.md",
            "[ab].txt       | a.txt,b.txt",
            // `!` does not negate a class in filepath.Match; `^` does
            "[!a].txt       | a.txt",
            "[^a].txt       | b.txt",
            "sub*           | sub,sub2",
            "sub*/*.txt     | sub/d.txt,sub2/g.txt",
            "*/deep         | sub/deep",
            "sub/*/f.txt    | sub/deep/f.txt",
            "/sub/*.md      | sub/e.md",
            "linkdir        | linkdir",
            "linkdir/h.txt  | real/h.txt",
            "linkdir/*      | real/h.txt",
    })
    void match_namesContextPaths(String source, String expected) {
        assertThat(context().match(source)).as("COPY %s", source).isEqualTo(List.of(expected.split(",")));
    }

    @Test
    void match_wildcardAfterASymlinkedDirectory_doesNotEnterIt() {
        assertThat(context().match("*/h.txt")).as("linkdir/h.txt is reached only by following linkdir")
                .containsExactly("real/h.txt");
    }

    @ParameterizedTest
    @ValueSource(strings = {"missing", "sub/missing.txt", "*.nothing", "sub/*/nothing", "a.txt/x", "a.txt/*"})
    void match_nothingThere_isNoSuchFile(String source) {
        assertThatThrownBy(() -> context().match(source))
                .isInstanceOf(BuildContextException.class)
                .hasMessage("COPY source `" + source + "`: no such file or directory in the build context");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x", "..", "a/../../x", "/../x", "sub/../../context/a.txt", "../*"})
    void match_dotDotAboveTheContext_isRefused(String source) {
        assertThatThrownBy(() -> context().match(source))
                .isInstanceOf(BuildContextException.class)
                .hasMessage("COPY source `" + source
                        + "` is outside the build context; copy it into the context directory first");
    }

    @Test
    void match_throughASymlinkLeavingTheContext_isRefused() throws IOException {
        Path outside = Files.createDirectory(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret"), "host secret");
        Files.createSymbolicLink(dir.resolve("abs"), outside);
        Files.createSymbolicLink(dir.resolve("rel"), Path.of("../outside"));
        Files.createSymbolicLink(dir.resolve("sub/up"), Path.of("../../outside"));

        for (String source : List.of("abs/secret", "rel/secret", "sub/up/secret", "abs/*", "rel/se*", "sub/up/*")) {
            assertThatThrownBy(() -> context().match(source))
                    .as("COPY %s", source)
                    .isInstanceOf(BuildContextException.class)
                    .hasMessageContaining("is outside the build context");
        }
    }

    @Test
    void match_aSymlinkItself_isReturnedUnfollowed_evenWhenItPointsOutside() throws IOException {
        Files.createSymbolicLink(dir.resolve("abs"), tmp.resolve("outside"));

        assertThat(context().match("abs")).containsExactly("abs");
    }

    @Test
    void match_symlinksInsideTheContext_areFollowedWithinIt() throws IOException {
        Files.createSymbolicLink(dir.resolve("sub/back"), Path.of("../real"));
        Files.createSymbolicLink(dir.resolve("absin"), dir.resolve("sub/deep"));

        assertThat(context().match("sub/back/h.txt")).containsExactly("real/h.txt");
        assertThat(context().match("absin/f.txt")).containsExactly("sub/deep/f.txt");
        assertThat(context().match("linkdir/../a.txt")).as("`..` is lexical first, as docker cleans the source")
                .containsExactly("a.txt");
    }

    @Test
    void match_aSymlinkLoop_isRefused() throws IOException {
        Files.createSymbolicLink(dir.resolve("loop1"), Path.of("loop2"));
        Files.createSymbolicLink(dir.resolve("loop2"), Path.of("loop1"));

        assertThatThrownBy(() -> context().match("loop1/x"))
                .isInstanceOf(BuildContextException.class)
                .hasMessage("COPY source `loop1/x`: too many levels of symbolic links");
    }

    @Test
    void match_aMalformedWildcard_isASyntaxError() {
        assertThatThrownBy(() -> context().match("sub/[a"))
                .isInstanceOf(BuildContextException.class)
                .hasMessage("COPY source `sub/[a`: syntax error in pattern");
    }

    @Test
    void match_ignoredPaths_areNeverMatched() {
        BuildContext context = context("*.md", "sub2", "Dockerfile");

        assertThat(context.match("*")).containsExactly("a.txt", "b.txt", "linkdir", "real", "sub");
        assertThat(context.match("sub/*")).as("`*.md` is for the context root only")
                .containsExactly("sub/d.txt", "sub/deep", "sub/e.md");
        for (String source : List.of("c.md", "sub2", "sub2/g.txt", "sub*/g.txt", "Dockerfile")) {
            assertThatThrownBy(() -> context.match(source))
                    .as("COPY %s", source)
                    .isInstanceOf(BuildContextException.class)
                    .hasMessageContaining("no such file or directory in the build context");
        }
    }

    @Test
    void match_throughAnIgnoredSymlink_isNoSuchFile() {
        BuildContext context = context("linkdir");

        assertThatThrownBy(() -> context.match("linkdir/h.txt")).hasMessageContaining("no such file or directory");
        assertThat(context.match("real/h.txt")).containsExactly("real/h.txt");
    }

    @Test
    void match_anExcludedDirectory_isThereOnlyAsParentOfWhatIsReincluded() {
        BuildContext context = context("sub", "!sub/deep/f.txt");

        assertThat(context.match("sub")).containsExactly("sub");
        assertThat(context.match("sub/deep")).containsExactly("sub/deep");
        assertThat(context.match("sub/*")).containsExactly("sub/deep");
        assertThat(context.match("*/*/f.txt")).containsExactly("sub/deep/f.txt");
        assertThatThrownBy(() -> context.match("sub/d.txt")).hasMessageContaining("no such file or directory");
        assertThatThrownBy(() -> context("sub", "!sub/none").match("sub"))
                .as("nothing re-included, so the directory is not there")
                .hasMessageContaining("no such file or directory");
    }

    @Test
    void match_theIgnoreFileItself_isAnOrdinaryPath() throws IOException {
        write(".dockerignore", "*.md\n");
        BuildContext context = new BuildContext(dir, IgnoreRules.read(dir));

        assertThat(context.match(".dockerignore")).containsExactly(".dockerignore");
        assertThat(context.match(".*")).containsExactly(".dockerignore");
        assertThatThrownBy(() -> context.match("c.md")).isInstanceOf(BuildContextException.class);
    }

    @Test
    void walk_listsDepthFirstSorted_withoutFollowingSymlinks() {
        assertThat(context().walk(".")).containsExactly(".", "Dockerfile", "a.txt", "b.txt", "c.md", "linkdir",
                "real", "real/h.txt", "sub", "sub/d.txt", "sub/deep", "sub/deep/f.txt", "sub/e.md", "sub2",
                "sub2/g.txt");
        assertThat(context().walk("sub")).containsExactly("sub", "sub/d.txt", "sub/deep", "sub/deep/f.txt", "sub/e.md");
        assertThat(context().walk("a.txt")).containsExactly("a.txt");
        assertThat(context().walk("linkdir")).containsExactly("linkdir");
    }

    @Test
    void walk_leavesOutIgnoredPaths_andKeepsParentsOfReincludedOnes() {
        BuildContext context = context("*.md", "sub", "!sub/deep/f.txt", "real");

        assertThat(context.walk(".")).containsExactly(".", "Dockerfile", "a.txt", "b.txt", "linkdir", "sub",
                "sub/deep", "sub/deep/f.txt", "sub2", "sub2/g.txt");
    }

    @Test
    void walk_keepsExactlyThePathsExcludedLeavesIn_orThatHoldOne() {
        IgnoreRules rules = IgnoreRules.of(List.of("sub", "!sub/deep", "sub/deep/f.txt", "!**/e.md", "*.md",
                "real/h.txt", "a.txt", "!a.txt", "b.txt", "sub2/*", "!sub2/g.txt", "linkdir"));
        List<String> walked = new BuildContext(dir, rules).walk(".");
        List<String> all = context().walk(".");

        for (String path : all.subList(1, all.size())) {
            boolean holdsKept = all.stream().anyMatch(p -> p.startsWith(path + "/") && !rules.excluded(p));
            assertThat(walked.contains(path)).as("`%s` walked", path).isEqualTo(!rules.excluded(path) || holdsKept);
        }
        assertThat(walked).contains("sub", "sub/deep", "sub/e.md", "a.txt", "sub2/g.txt").doesNotContain("b.txt");
    }

    @Test
    void match_pastTheFirstWildcard_aBackslashEscapes() throws IOException {
        write("sub/we*ird", "w");

        assertThat(context().match("s*/we\\*ird")).containsExactly("sub/we*ird");
    }

    @Test
    void walk_passesOverAnExcludedDirectoryItCannotRead() throws IOException {
        Path locked = Files.createDirectories(dir.resolve("data/locked"));
        Files.writeString(locked.resolve("x"), "x");
        locked.toFile().setReadable(false, false);
        try {
            org.junit.jupiter.api.Assumptions.assumeFalse(Files.isReadable(locked), "running as root");
            BuildContext context = context("data", "!**/*.txt");

            assertThat(context.walk(".")).doesNotContain("data", "data/locked");
            assertThatThrownBy(() -> context().walk("data"))
                    .isInstanceOf(BuildContextException.class)
                    .hasMessage("build context: read `data/locked`: Permission denied");
        } finally {
            locked.toFile().setReadable(true, false);
        }
    }

    @Test
    void walk_ofAPathOutsideTheContext_isRefused() throws IOException {
        Files.createDirectory(tmp.resolve("outside"));
        Files.writeString(tmp.resolve("outside/x"), "x");
        Files.createSymbolicLink(dir.resolve("out"), tmp.resolve("outside"));

        assertThatThrownBy(() -> context().walk("../outside")).hasMessageContaining("is outside the build context");
        assertThatThrownBy(() -> context().walk("out/x")).hasMessageContaining("is outside the build context");
    }
}

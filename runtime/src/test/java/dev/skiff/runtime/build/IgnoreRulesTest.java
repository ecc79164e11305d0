package dev.skiff.runtime.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IgnoreRulesTest {
    @TempDir
    Path context;

    /** Patterns are the lines of the ignore file, separated by `;`. */
    private static IgnoreRules rules(String patterns) {
        return IgnoreRules.of(List.of(patterns.split(";", -1)));
    }

    @ParameterizedTest(name = "[{0}] leaves out `{1}`: {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            // docker's documentation: `*/temp*` is one level down only
            "*/temp*                             | somedir/temporary.txt        | true",
            "*/temp*                             | somedir/temp                 | true",
            "*/temp*                             | somedir/temp/inside.txt      | true",
            "*/temp*                             | temporary.txt                | false",
            "*/temp*                             | a/b/temporary.txt            | false",
            "*/*/temp*                           | somedir/subdir/temporary.txt | true",
            "*/*/temp*                           | somedir/temporary.txt        | false",
            "temp?                               | tempa                        | true",
            "temp?                               | tempab                       | false",
            "temp?                               | temp                         | false",
            "temp?                               | dir/tempa                    | false",
            "**/*.go                             | main.go                      | true",
            "**/*.go                             | cmd/tool/main.go             | true",
            "**/*.go                             | main.gox                     | false",
            "*.md;!README.md                     | README.md                    | false",
            "*.md;!README.md                     | CHANGES.md                   | true",
            "*.md;!README.md                     | docs/guide.md                | false",
            // `!README*.md` before `README-secret.md`: that one stays out
            "*.md;!README*.md;README-secret.md   | README-secret.md             | true",
            "*.md;!README*.md;README-secret.md   | README-dev.md                | false",
            "*.md;!README*.md;README-secret.md   | CHANGES.md                   | true",
            // the same lines the other way round: the exception comes last and wins
            "*.md;README-secret.md;!README*.md   | README-secret.md             | false",
            "*.md;README-secret.md;!README*.md   | CHANGES.md                   | true",
            // a directory takes everything under it, unless an exception re-includes a path there
            "build;!build/keep.txt               | build                        | true",
            "build;!build/keep.txt               | build/keep.txt               | false",
            "build;!build/other.txt              | build/keep.txt               | true",
            "build;!build/keep.txt               | build/sub/deep.txt           | true",
            "build;!build/keep.txt               | builder.txt                  | false",
            "vendor;!**/*.go                     | vendor/lib/x.go              | false",
            "vendor;!**/*.go                     | vendor/lib/x.c               | true",
            "!a;*                                | a                            | true",
            "a;!a;a                              | a/b                          | true",
            "a/x;!a                              | a/x                          | false",
            // cleaning: a leading `/`, `.` and `..` elements, a trailing `/`, surrounding white space
            "/foo/bar                            | foo/bar                      | true",
            "foo/bar                             | foo/bar/baz                  | true",
            "./a/../b/                           | b                            | true",
            "\"   spaced.txt\t \"                | spaced.txt                   | true",
            "! spaced.txt;*                      | spaced.txt                   | true",
            "*;! spaced.txt                      | spaced.txt                   | false",
            "a /                                 | a                            | true",
            "\"\u00a0nbsp\u00a0\"                 | nbsp                         | true",
            ".                                   | a                            | false",
            "/                                   | a                            | false",
            "../a                                | a                            | false",
            // `#` starts a comment only in the first column; blank lines are nothing
            "\"# secret.txt\"                    | secret.txt                   | false",
            "\" #secret.txt\"                    | #secret.txt                  | true",
            "\";   ;a\"                          | a                            | true",
            // `**`: any number of directories, zero included
            "**                                  | a/b                          | true",
            "foo/**                              | foo                          | false",
            "foo/**                              | foo/x/y                      | true",
            "foo**                               | foobar/x                     | true",
            "**/foo                              | foo                          | true",
            "**/foo                              | a/b/foo/c                    | true",
            "**/foo                              | a/xfoo                       | false",
            "**.txt                              | a/b.txt                      | true",
            "a/**/b                              | a/b                          | true",
            "a/**/b                              | a/x/y/b                      | true",
            "a/**/b                              | a/xb                         | false",
            "a/**/*.log                          | a/l/x.log                    | true",
            // `*` and `?` stay within a component; classes and escapes as in filepath.Match
            "*                                   | .hidden                      | true",
            "a*c                                 | a/c                          | false",
            "a?c                                 | a/c                          | false",
            "[a-c]x                              | bx                           | true",
            "[a-c]x                              | dx                           | false",
            "[^a]x                               | bx                           | true",
            "[^a]x                               | ax                           | false",
            "x[\\]]                              | x]                           | true",
            "\\*x                                | *x                           | true",
            "\\*x                                | ax                           | false",
            // regular-expression characters are plain characters
            "a.b                                 | axb                          | false",
            "a.b*                                | a.bc                         | true",
            "a+(b){c}$                           | a+(b){c}$                    | true",
            "a+(b)*                              | aa(b)                        | false",
    })
    void excluded_followsDockersRules(String patterns, String path, boolean excluded) {
        assertThat(rules(patterns).excluded(path))
                .as("patterns %s on `%s`", patterns, path)
                .isEqualTo(excluded);
    }

    @Test
    void noRules_excludeNothing_andTheContextRootIsNeverExcluded() {
        assertThat(IgnoreRules.of(List.of()).excluded("anything")).isFalse();
        assertThat(rules("*;**").excluded(".")).isFalse();
        assertThat(rules("*;**").excluded("")).isFalse();
    }

    @ParameterizedTest(name = "[{0}] re-includes under `{1}`: {2}")
    @CsvSource(delimiter = '|', value = {
            "build                       | build     | false",
            "build;!build/keep.txt       | build     | true",
            "build;!build/keep.txt       | other     | false",
            "build;!build/keep.txt       | build/sub | false",
            "a;!a/b/c/d.txt              | a/b       | true",
            "build;!build/sub/**         | build/sub | true",
            "build;!build/sub/*          | build     | true",
            "build;!build/sub/*          | build/zzz | false",
            "build;!builder/x            | build     | false",
            // an exception with a wildcard could match anywhere, so every excluded directory is walked
            "build;!**/*.go              | other     | true",
            "build;!build/keep?.txt      | elsewhere | true",
    })
    void mayReincludeUnder_walksOnlyWhereAnExceptionCouldReach(String patterns, String dir, boolean walk) {
        assertThat(rules(patterns).mayReincludeUnder(dir)).as("patterns %s under `%s`", patterns, dir).isEqualTo(walk);
    }

    @ParameterizedTest(name = "`{0}` is refused: {1}")
    @CsvSource(delimiter = '|', value = {
            "[         | syntax error in pattern",
            "a[b       | syntax error in pattern",
            "[]        | syntax error in pattern",
            "[a-]      | syntax error in pattern",
            "[-a]      | syntax error in pattern",
            "[^]       | syntax error in pattern",
            "[z-a]     | syntax error in pattern",
            "a\\       | syntax error in pattern",
            "!         | illegal exclusion pattern",
            "!/        | illegal exclusion pattern",
            "'!   '    | illegal exclusion pattern",
    })
    void malformedPatterns_areRefusedNamingThePattern(String pattern, String cause) {
        assertThatThrownBy(() -> IgnoreRules.of(List.of(pattern)))
                .isInstanceOf(BuildContextException.class)
                .hasMessage("ignore pattern `" + pattern.strip() + "`: " + cause);
    }

    @Test
    void read_withoutAnIgnoreFile_excludesNothing() {
        IgnoreRules rules = IgnoreRules.read(context);

        assertThat(rules.excluded("node_modules")).isFalse();
        assertThat(rules.mayReincludeUnder("node_modules")).isFalse();
    }

    @Test
    void read_dockerignore_withBomCrlfAndComments() throws IOException {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] text = "*.log\r\n# *.tmp\r\n\r\n!keep.log\r\nlast".getBytes(StandardCharsets.UTF_8);
        byte[] file = new byte[bom.length + text.length];
        System.arraycopy(bom, 0, file, 0, bom.length);
        System.arraycopy(text, 0, file, bom.length, text.length);
        Files.write(context.resolve(".dockerignore"), file);

        IgnoreRules rules = IgnoreRules.read(context);

        assertThat(rules.excluded("app.log")).as("the first line, despite the BOM").isTrue();
        assertThat(rules.excluded("keep.log")).as("an exception ending in CRLF").isFalse();
        assertThat(rules.excluded("x.tmp")).as("a comment").isFalse();
        assertThat(rules.excluded("last")).as("a last line without a newline").isTrue();
    }

    @Test
    void read_containerignore_isPreferredOverDockerignore() throws IOException {
        Files.writeString(context.resolve(".dockerignore"), "from-docker\n");
        Files.writeString(context.resolve(".containerignore"), "from-podman\n");

        IgnoreRules rules = IgnoreRules.read(context);

        assertThat(rules.excluded("from-podman")).isTrue();
        assertThat(rules.excluded("from-docker")).as(".dockerignore is not read at all").isFalse();
    }

    @Test
    void read_malformedPattern_namesTheFileAndThePattern() throws IOException {
        Files.writeString(context.resolve(".dockerignore"), "ok\n  [oops  \n");

        assertThatThrownBy(() -> IgnoreRules.read(context))
                .isInstanceOf(BuildContextException.class)
                .hasMessage(".dockerignore: pattern `[oops`: syntax error in pattern");
    }

    @Test
    void read_anIgnoreFileThatIsADirectory_isAReadError() throws IOException {
        Files.createDirectory(context.resolve(".containerignore"));

        assertThatThrownBy(() -> IgnoreRules.read(context))
                .isInstanceOf(BuildContextException.class)
                .hasMessage("build context: read `.containerignore`: Is a directory");
    }

    @Test
    void read_anOversizedIgnoreFile_isRefused() throws IOException {
        Files.write(context.resolve(".dockerignore"), new byte[IgnoreRules.MAX_FILE_BYTES + 1]);

        assertThatThrownBy(() -> IgnoreRules.read(context))
                .isInstanceOf(BuildContextException.class)
                .hasMessageContaining("`.dockerignore` is larger than");
    }

    @ParameterizedTest(name = "clean(`{0}`) = `{1}`")
    @CsvSource(delimiter = '|', value = {
            "''        | .", "a//b/ | a/b", "./a/./b | a/b", "a/../.. | ..", "../../a | ../../a",
            "/../a     | /a", "/     | /", "a/b/../c | a/c", "!.. | !..", "a/.. | ."})
    void clean_isGosFilepathClean(String path, String cleaned) {
        assertThat(Glob.clean(path)).isEqualTo(cleaned);
    }
}

package dev.skiff.it.build;

import static dev.skiff.it.support.Fixtures.IMAGE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.it.support.Cmd;
import dev.skiff.it.support.Expect;
import dev.skiff.it.support.LocalRegistry;
import dev.skiff.it.support.Skiff;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The layer cache: a rebuild with nothing changed reuses every step; a copied file's new content
 * re-runs only the steps from its COPY on, a new mtime nothing; --no-cache runs all; --layers=false
 * keeps no intermediate images; the result shows its steps in `history` and is pushable.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BuildCacheTest {
    @RegisterExtension
    static final Skiff skiff = new Skiff();

    @RegisterExtension
    static final LocalRegistry registry = LocalRegistry.plain();

    static final String CONTAINERFILE = """
            FROM %s
            RUN echo one > /one
            COPY a.txt /a.txt
            RUN cat /a.txt /one > /a-copy
            COPY b.txt /b.txt
            CMD ["cat", "/a-copy", "/b.txt"]
            """.formatted(IMAGE);

    static Path context;

    @BeforeAll
    static void context() {
        skiff.load(skiff.fixtures().dockerArchive());
        context = BuildContexts.make(skiff, "cached", "echo first > a.txt && echo bee > b.txt");
        BuildContexts.write(skiff, "cached/Containerfile", CONTAINERFILE);
    }

    @AfterAll
    static void nothingLeft() {
        assertThat(Expect.lines(skiff.run("ps", "-a", "-q"))).as("no build container is left").isEmpty();
        skiff.assertNothingLeftBehind();
    }

    static Cmd.Result build(String... flags) {
        String[] argv = BuildContexts.concat(new String[] {"build", "-t", "cached"}, flags,
                new String[] {context.toString()});
        return skiff.command(argv).timeout(java.time.Duration.ofSeconds(120)).run();
    }

    static long hits(Cmd.Result r) {
        return r.stdoutLines().stream().filter(l -> l.startsWith("--> Using cache ")).count();
    }

    @Test
    @Order(1)
    void firstBuild_runsEveryStep_andTheSecondReusesEveryOne() {
        Cmd.Result first = build();
        Expect.exit(first, 0);
        assertThat(first.stdoutLines()).contains("STEP 1/6: FROM " + IMAGE, "STEP 2/6: RUN echo one > /one",
                "COMMIT cached", "Successfully tagged localhost/cached:latest");
        assertThat(hits(first)).isZero();
        String id = first.stdoutLines().getLast();

        Cmd.Result second = build();
        Expect.exit(second, 0);
        assertThat(hits(second)).as("every step after FROM from the cache:\n%s", second.stdout()).isEqualTo(5);
        assertThat(second.stdoutLines().getLast()).isEqualTo(id);
        assertThat(Expect.lines(skiff.run("run", "--rm", "cached"))).containsExactly("first", "one", "bee");
    }

    @Test
    @Order(2)
    void aNewMtime_changesNothing_aNewContent_rerunsFromItsCopyOn() {
        Expect.exit(skiff.runAsUser("touch", "-d", "2001-01-01", context.resolve("a.txt").toString()), 0);
        assertThat(hits(build())).isEqualTo(5);

        Expect.exit(skiff.runAsUser("sh", "-c", "echo second > " + context.resolve("a.txt")), 0);
        Cmd.Result changed = build();
        Expect.exit(changed, 0);
        assertThat(hits(changed)).as("only RUN echo one comes from the cache:\n%s", changed.stdout()).isEqualTo(1);
        assertThat(Expect.lines(skiff.run("run", "--rm", "cached"))).containsExactly("second", "one", "bee");
    }

    @Test
    @Order(3)
    void noCache_runsEveryStep() {
        Cmd.Result r = build("--no-cache");
        Expect.exit(r, 0);
        assertThat(hits(r)).isZero();
        assertThat(Expect.lines(skiff.run("run", "--rm", "cached"))).containsExactly("second", "one", "bee");
    }

    @Test
    @Order(4)
    void history_showsTheSteps_newestFirst() {
        List<String> createdBy = Expect.lines(skiff.run("history", "--no-trunc", "--format", "{{.CreatedBy}}", "cached"));
        assertThat(createdBy.subList(0, 5)).containsExactly(
                "/bin/sh -c #(nop) CMD [\"cat\", \"/a-copy\", \"/b.txt\"]",
                "/bin/sh -c #(nop) COPY b.txt /b.txt",
                "/bin/sh -c cat /a.txt /one > /a-copy",
                "/bin/sh -c #(nop) COPY a.txt /a.txt",
                "/bin/sh -c echo one > /one");
    }

    @Test
    @Order(5)
    void layersFalse_leavesNoIntermediateImages() {
        List<String> before = Expect.lines(skiff.run("images", "-a", "-q", "--no-trunc"));
        Expect.exit(skiff.runAsUser("sh", "-c", "echo third > " + context.resolve("a.txt")), 0);
        Cmd.Result r = build("--layers=false", "-q");
        Expect.exit(r, 0);
        assertThat(r.stdoutLines()).as("-q prints the id only").hasSize(1);
        List<String> after = Expect.lines(skiff.run("images", "-a", "-q", "--no-trunc"));
        String id = "sha256:" + r.stdoutLines().getFirst();
        assertThat(after).hasSize(before.size() + 1).contains(id);
        List<String> visible = Expect.lines(skiff.run("images", "-q", "--no-trunc"));
        assertThat(visible).contains(id);
        assertThat(after.size()).as("the intermediates of the earlier builds show with -a only").isGreaterThan(visible.size());
    }

    @Test
    @Order(6)
    void theBuiltImage_isPushedAndPulledBack() {
        String dest = registry.host() + "/built:1";
        Expect.exit(skiff.run("push", "-q", "--tls-verify=false", "cached", dest), 0);
        Expect.exit(skiff.run("rmi", "cached"), 0);
        Expect.exit(skiff.run("pull", "-q", "--tls-verify=false", dest), 0);
        assertThat(Expect.lines(skiff.run("run", "--rm", dest))).containsExactly("third", "one", "bee");
    }

    @Test
    @Order(7)
    void aFailingRun_endsTheBuildWithItsExitCode_andLeavesNoContainer() {
        BuildContexts.write(skiff, "cached/Failing", "FROM " + IMAGE + "\nRUN echo partial > /p && exit 7\n");
        Cmd.Result r = skiff.run("build", "-f", context.resolve("Failing").toString(), context.toString());
        assertThat(r.exitCode()).as("%s", r).isEqualTo(7);
        assertThat(r.stderr()).contains("Failing:2").contains("exit status 7");
        assertThat(Expect.lines(skiff.run("ps", "-a", "-q"))).isEmpty();
        skiff.assertNothingLeftBehind();
    }

    @Test
    @Order(8)
    void aBaseImageInARegistry_isPulledAsPullSays() {
        registry.push("docker-archive:" + skiff.fixtures().dockerArchive(), "base/app:1", "v2s2");
        String base = registry.host() + "/base/app:1";
        BuildContexts.write(skiff, "cached/Remote", "FROM " + base + "\nRUN echo remote > /r\n");
        String file = context.resolve("Remote").toString();

        String never = Expect.failsWithOneLine(skiff.run("build", "--pull=never", "-f", file, context.toString()), 125);
        assertThat(never).contains("Remote:1");

        Cmd.Result r = skiff.command("build", "--pull=always", "--tls-verify=false", "-t", "remote", "-f", file,
                context.toString()).timeout(java.time.Duration.ofSeconds(120)).run();
        Expect.exit(r, 0);
        assertThat(r.stderr()).contains("Copying blob");
        assertThat(Expect.lines(skiff.run("run", "--rm", "remote", "cat", "/r"))).containsExactly("remote");
    }

    @Test
    @Order(9)
    void imagePrune_removesTheIntermediates_andTheirCacheEntries() {
        Expect.exit(skiff.run("image", "prune", "-f"), 0);
        assertThat(Expect.lines(skiff.run("images", "-a", "-q"))).as("only named images are left")
                .hasSameSizeAs(Expect.lines(skiff.run("images", "-q")));
        List<String> left = Expect.lines(skiff.run("images", "-a", "-q", "--no-trunc"));
        try (var entries = java.nio.file.Files.list(skiff.storage().resolve("build-cache"))) {
            assertThat(entries.map(BuildContexts::read).map(id -> "sha256:" + id.strip()))
                    .as("no cache entry names a removed image").isSubsetOf(left);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Cmd.Result again = build();
        Expect.exit(again, 0);
        assertThat(hits(again)).as("the steps run again").isZero();
    }
}

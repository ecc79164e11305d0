package dev.skiff.it.cve;

import static dev.skiff.it.support.Fixtures.IMAGE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.it.support.Expect;
import dev.skiff.it.support.Skiff;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A build writes into an image whose own symlinks point at host paths (the class of buildah's
 * CVE-2024-11218 and docker's CVE-2019-14271): COPY and ADD through an absolute symlink, a `..`
 * symlink, or from another stage's symlink land inside the image, never on the host; a context
 * symlink to a host file is refused.
 */
class BuildSymlinkEscapeTest {
    @RegisterExtension
    static final Skiff skiff = new Skiff();

    static Path home;

    @BeforeAll
    static void context() {
        skiff.load(skiff.fixtures().dockerArchive());
        home = skiff.home();
        Expect.exit(skiff.runAsUser("sh", "-c", "mkdir -p esc host && echo payload > esc/a.txt"
                + " && echo host-secret > host/secret.txt && ln -s " + home.resolve("host/secret.txt")
                + " esc/to-host.txt"), 0);
    }

    @AfterAll
    static void nothingLeft() {
        skiff.assertNothingLeftBehind();
    }

    @Test
    void copyThroughTheImagesSymlinks_staysInsideTheImage() throws Exception {
        skiff.writeFile("esc/Containerfile", """
                FROM %1$s AS links
                RUN ln -s %2$s /abs && ln -s ../../../../../../../..%2$s /rel && mkdir /d && ln -s %2$s /d/out
                COPY a.txt /abs/escaped-abs.txt
                COPY a.txt /rel/escaped-rel.txt
                COPY a.txt /d/out/
                FROM %1$s
                COPY --from=links /d/out /from-stage
                """.formatted(IMAGE, home.resolve("host")));
        Expect.exit(skiff.command("build", "--network", "none", "-q", "-t", "escape", home.resolve("esc").toString())
                .timeout(Duration.ofSeconds(120)).run(), 0);

        try (var host = Files.list(home.resolve("host"))) {
            assertThat(host.map(p -> p.getFileName().toString())).as("nothing was written on the host")
                    .containsExactly("secret.txt");
        }
        assertThat(Expect.lines(skiff.run("run", "--rm", "escape", "sh", "-c", "ls /from-stage")))
                .as("the stage's symlinked directory is the image's own").containsExactly("a.txt", "escaped-abs.txt",
                        "escaped-rel.txt");
    }

    @Test
    void aContextSymlinkToAHostFile_isRefused() {
        skiff.writeFile("esc/Containerfile", "FROM " + IMAGE + "\nCOPY to-host.txt /leak.txt\n");
        String error = Expect.failsWithOneLine(skiff.run("build", "--network", "none", home.resolve("esc").toString()),
                125);
        assertThat(error).contains("Containerfile:2").contains("outside the build context");
    }
}

package dev.skiff.it.lifecycle;

import static dev.skiff.it.support.Fixtures.IMAGE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.it.support.Cmd;
import dev.skiff.it.support.Expect;
import dev.skiff.it.support.Skiff;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** diff, export and commit read a container's file system: its changes, all of it, and a new image of it. */
class ContainerChangesTest {
    private static final String CHANGES = "echo hello > /added; rm /not-executable; mkdir -p /data/sub; "
            + "echo owned > /data/sub/owned; chown 1234:1234 /data/sub/owned; echo more >> /etc/passwd; "
            + "ln /added /added-link";

    @RegisterExtension
    static final Skiff skiff = new Skiff();

    @BeforeAll
    static void makeContainer() {
        skiff.load(skiff.fixtures().dockerArchive());
        Expect.exit(skiff.run("run", "--name", "changed", "-e", "FROM_RUN=1", "-w", "/data", IMAGE, "sh", "-c",
                CHANGES), 0);
    }

    @AfterAll
    static void removeContainer() {
        Expect.exit(skiff.run("rm", "changed"), 0);
    }

    @Test
    void diff_listsAddedChangedAndDeletedPaths_withoutSkiffsMountPoints() {
        assertThat(Expect.lines(skiff.run("diff", "changed"))).containsExactly(
                "A /added", "A /added-link", "A /data", "A /data/sub", "A /data/sub/owned", "C /etc", "C /etc/passwd",
                "D /not-executable");
        assertThat(Expect.exit(skiff.run("diff", "--format", "json", "changed"), 0))
                .contains("\"deleted\": [", "\"/not-executable\"");
        assertThat(Expect.failsWithOneLine(skiff.run("diff", "--format", "yaml", "changed"), 125)).contains("--format");
    }

    @Test
    void export_writesTheWholeFileSystem_withOwnersAndHardLinks() throws Exception {
        Path tar = skiff.home().resolve("changed.tar");

        Expect.exit(skiff.run("export", "-o", tar.toString(), "changed"), 0);

        List<String> listing = tarListing(tar);
        assertThat(listing).anyMatch(l -> l.matches("-rw-r--r-- 1234/1234 .* data/sub/owned"))
                .anyMatch(l -> l.matches("-rwxr-xr-x 0/0 .* bin/busybox"))
                .anyMatch(l -> l.matches("h.* added-link link to added|h.* added link to added-link"))
                .noneMatch(l -> l.endsWith(" not-executable"));
        assertThat(Expect.exit(skiff.command("export", "changed").run(), 0)).as("export to stdout").isNotEmpty();
        assertThat(Expect.failsWithOneLine(skiff.run("export", "-o", "/proc/no-such-dir/x.tar", "changed"), 125))
                .contains("/proc/no-such-dir/x.tar");
    }

    @Test
    void commit_makesAnImageOfTheChanges_withTheContainersProcess_andTheChangesGiven() throws Exception {
        Cmd.Result r = skiff.run("commit", "-c", "ENV=ADDED=yes", "-c", "LABEL stage=committed", "-m", "a change",
                "changed", "committed:1");
        String id = Expect.exit(r, 0).strip();
        assertThat(r.stderr()).contains("Writing manifest to image destination");

        assertThat(Expect.lines(skiff.run("run", "--rm", "committed:1", "sh", "-c",
                "cat /added; stat -c %u /data/sub/owned; test -e /not-executable || echo deleted; "
                        + "echo $FROM_RUN $ADDED; pwd; tail -n 1 /etc/passwd; stat -c %h /added")))
                .containsExactly("hello", "1234", "deleted", "1 yes", "/data", "more", "2");
        assertThat(Expect.exit(skiff.run("image", "inspect", "--format",
                "{{.Id}} {{.Config.Cmd}} {{index .Config.Labels \"stage\"}}", "committed:1"), 0).strip())
                .isEqualTo(id + " [sh -c " + CHANGES + "] committed");

        String cmd = Expect.exit(skiff.run("commit", "-q", "--format", "docker", "-c", "CMD [\"cat\", \"/added\"]",
                "changed", "committed:2"), 0).strip();
        assertThat(Expect.lines(skiff.run("run", "--rm", cmd))).containsExactly("hello");
        assertThat(Expect.exit(skiff.run("image", "inspect", "committed:2"), 0))
                .contains("application/vnd.docker.distribution.manifest.v2+json");
        Expect.exit(skiff.run("rmi", "committed:1", "committed:2"), 0);
    }

    @Test
    void commit_withABadChange_failsNamingIt_andLeavesNothing() throws Exception {
        int images = skiff.run("images", "-q").stdoutLines().size();

        assertThat(Expect.failsWithOneLine(skiff.run("commit", "-c", "FROM scratch", "changed", "bad:1"), 125))
                .contains("`FROM scratch`", "cannot be changed");
        assertThat(Expect.failsWithOneLine(skiff.run("commit", "-c", "CMD [\"unclosed", "changed", "bad:1"), 125))
                .contains("JSON array");

        assertThat(skiff.run("images", "-q").stdoutLines()).hasSize(images);
        try (Stream<Path> tmp = Files.list(skiff.storage().resolve("tmp"))) {
            assertThat(tmp.filter(p -> !p.getFileName().toString().endsWith(".lock"))).isEmpty();
        }
    }

    private static List<String> tarListing(Path tar) {
        Cmd.Result r = Cmd.run(List.of("tar", "--numeric-owner", "-tvf", tar.toString()), Duration.ofSeconds(60));
        assertThat(r.exitCode()).as("%s", r).isZero();
        return r.stdoutLines().stream().map(l -> l.replaceAll("\\s+", " ")).toList();
    }
}

package dev.skiff.it.lifecycle;

import static dev.skiff.it.support.Fixtures.IMAGE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.it.support.Cmd;
import dev.skiff.it.support.Expect;
import dev.skiff.it.support.Skiff;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** `cp` both ways, with running and stopped containers, and `mount`/`unmount` inside `unshare`. */
class CopyTest {
    @RegisterExtension
    static final Skiff skiff = new Skiff();

    @BeforeAll
    static void containers() {
        skiff.load(skiff.fixtures().dockerArchive());
        Expect.exit(skiff.run("run", "-d", "--name", "running", "--user", "1234:1234", IMAGE, "sleep", "600"), 0);
        Expect.exit(skiff.run("create", "--name", "stopped", IMAGE, "sh", "-c", "cat /copied/file.txt"), 0);
        skiff.runAsUser("sh", "-c", "mkdir -p tree/sub && echo one > tree/file.txt && echo two > tree/sub/two.txt"
                + " && chmod 0640 tree/sub/two.txt && ln -s file.txt tree/link");
    }

    @AfterAll
    static void removeContainers() {
        Expect.exit(skiff.run("rm", "-f", "-t", "0", "running", "stopped"), 0);
        skiff.assertNothingLeftBehind();
    }

    @Test
    void cpIntoARunningContainer_isSeenByIt_ownedByItsUser_orBySourceOwnerWithoutArchive() {
        Expect.exit(skiff.run("cp", "tree", "running:/tmp/tree"), 0);
        Expect.exit(skiff.run("cp", "tree/file.txt", "running:/tmp"), 0);
        Expect.exit(skiff.run("cp", "--archive=false", "tree/file.txt", "running:/tmp/plain.txt"), 0);

        assertThat(Expect.lines(skiff.run("exec", "running", "sh", "-c",
                "cd /tmp && cat tree/file.txt tree/sub/two.txt file.txt && readlink tree/link"
                        + " && stat -c '%u:%g %a %n' tree/sub/two.txt file.txt plain.txt")))
                .containsExactly("one", "two", "one", "file.txt", "1234:1234 640 tree/sub/two.txt",
                        "1234:1234 644 file.txt", "0:0 644 plain.txt");
    }

    @Test
    void cpOutOfARunningContainer_filesDirectoriesContentsAndTarStreams() throws Exception {
        Expect.exit(skiff.run("exec", "running", "sh", "-c",
                "mkdir -p /tmp/out/deep && echo made > /tmp/out/deep/made.txt"), 0);
        Path home = skiff.home();

        Expect.exit(skiff.run("cp", "running:/etc/hostname", "hostname.txt"), 0);
        Expect.exit(skiff.run("cp", "running:/tmp/out", "out-copy"), 0);
        skiff.runAsUser("mkdir", "contents");
        Expect.exit(skiff.run("cp", "running:/tmp/out/.", "contents"), 0);

        String id = Expect.exit(skiff.run("inspect", "--format", "{{.Id}}", "running"), 0).strip();
        assertThat(Files.readString(home.resolve("hostname.txt"))).isEqualTo(id.substring(0, 12) + "\n");
        assertThat(Files.readString(home.resolve("out-copy/deep/made.txt"))).isEqualTo("made\n");
        assertThat(Files.readString(home.resolve("contents/deep/made.txt"))).isEqualTo("made\n");
        assertThat((Integer) Files.getAttribute(home.resolve("out-copy/deep/made.txt"), "unix:uid"))
                .as("files copied out belong to the user").isEqualTo(skiff.user().uid());

        Cmd.Result tar = skiff.command("cp", "running:/tmp/out", "-").run();
        assertThat(tar.exitCode()).as("%s", tar).isZero();
        Cmd.Result listing = skiff.asUser("tar", "-t").stdin(tar.stdoutBytes()).run();
        assertThat(listing.stdoutLines()).contains("out/", "out/deep/", "out/deep/made.txt");
    }

    @Test
    void cpWithAStoppedContainer_writesThroughItsOverlay_andReadsBack() {
        Expect.exit(skiff.command("cp", "-", "stopped:/").stdin(tarOf("copied/file.txt", "from a tar")).run(), 0);

        assertThat(Expect.lines(skiff.run("diff", "stopped"))).contains("A /copied", "A /copied/file.txt");
        assertThat(Expect.lines(skiff.run("start", "-a", "stopped"))).containsExactly("from a tar");
        Expect.exit(skiff.run("cp", "stopped:/copied/file.txt", "read-back.txt"), 0);
        assertThat(Expect.lines(skiff.runAsUser("cat", "read-back.txt"))).containsExactly("from a tar");

        Expect.exit(skiff.run("cp", "--overwrite", "tree", "stopped:/not-executable"), 0);
        assertThat(Expect.lines(skiff.run("diff", "stopped"))).contains("C /not-executable",
                "A /not-executable/file.txt");
    }

    @Test
    void symlinksInTheContainer_resolveInsideItsRoot_neverOnTheHost() throws Exception {
        Path secret = skiff.writeFile("secret.txt", "host secret\n");
        Expect.exit(skiff.run("exec", "running", "sh", "-c",
                "ln -sf " + secret.getParent() + " /tmp/home && ln -sf / /tmp/up && mkdir -p /tmp/jail"), 0);

        assertThat(Expect.failsWithOneLine(skiff.run("cp", "running:/tmp/home/secret.txt", "leaked.txt"), 125))
                .contains("no such file or directory");
        assertThat(Files.exists(skiff.home().resolve("leaked.txt"))).isFalse();

        // through the container's own "/" symlink, a write lands in the container, not on the host
        Expect.exit(skiff.run("cp", "tree/file.txt", "running:/tmp/up/tmp/up/tmp/jail/landed.txt"), 0);
        assertThat(Expect.lines(skiff.run("exec", "running", "cat", "/tmp/jail/landed.txt"))).containsExactly("one");

        // a tar stream whose symlink points at the host's home, then a file beneath it
        byte[] evil = tarWithSymlinkThenFile("escape", secret.getParent().toString(), "escape/planted.txt");
        assertThat(skiff.command("cp", "-", "running:/tmp/jail").stdin(evil).run().exitCode()).isEqualTo(125);
        assertThat(Files.exists(skiff.home().resolve("planted.txt"))).as("nothing written on the host").isFalse();
    }

    @Test
    void badCopies_failWithOneLineAndExit125() {
        assertThat(Expect.failsWithOneLine(skiff.run("cp", "running:/no/such/file", "x"), 125))
                .contains("running:/no/such/file", "no such file or directory");
        assertThat(Expect.failsWithOneLine(skiff.run("cp", "tree", "nosuch:/tmp"), 125)).contains("nosuch");
        assertThat(Expect.failsWithOneLine(skiff.run("cp", "tree", "elsewhere"), 125)).contains("CONTAINER:PATH");
        assertThat(Expect.failsWithOneLine(skiff.run("cp", "tree", "running:/etc/hostname"), 125))
                .contains("--overwrite");
        assertThat(Expect.failsWithOneLine(skiff.run("cp", "tree/file.txt", "running:/no/dir/x"), 125))
                .contains("no such directory");
        assertThat(Expect.failsWithOneLine(skiff.run("cp", "no-such-local", "running:/tmp"), 125))
                .contains("no-such-local");
    }

    @Test
    void mount_worksInsideUnshare_only_andLeavesNoMountBehind() throws Exception {
        assertThat(Expect.failsWithOneLine(skiff.run("mount", "stopped"), 125)).contains("skiff unshare");

        String skiffBin = skiff.launcher().toString();
        String script = "p=$(" + skiffBin + " mount stopped) && ls \"$p/bin/busybox\" && " + skiffBin + " mount"
                + " && " + skiffBin + " unmount stopped && test ! -e \"$p/bin/busybox\" && echo unmounted";
        List<String> lines = Expect.lines(skiff.run("unshare", "sh", "-c", script));

        String id = Expect.exit(skiff.run("inspect", "--format", "{{.Id}}", "stopped"), 0).strip();
        assertThat(lines.get(0)).endsWith("/merged/bin/busybox");
        assertThat(lines.get(1)).startsWith(id.substring(0, 12) + "  ").endsWith("/merged");
        assertThat(lines.get(2)).isEqualTo(id);
        assertThat(lines.get(3)).isEqualTo("unmounted");
        assertThat(Files.readString(Path.of("/proc/mounts"))).doesNotContain(id);
    }

    private static byte[] tarOf(String name, String content) {
        Cmd.Result r = skiff.asUser("sh", "-c", "rm -rf t && mkdir -p t/$(dirname " + name + ") && printf '%s\\n' '"
                + content + "' > t/" + name + " && tar -C t -cf - .").run();
        assertThat(r.exitCode()).as("%s", r).isZero();
        return r.stdoutBytes();
    }

    private static byte[] tarWithSymlinkThenFile(String link, String target, String file) {
        Cmd.Result r = skiff.asUser("sh", "-c", "rm -rf e && mkdir e && cd e && ln -s " + target + " " + link
                + " && echo planted > p && tar -cf - " + link + " --transform 's|^p$|" + file + "|' p").run();
        assertThat(r.exitCode()).as("%s", r).isZero();
        return r.stdoutBytes();
    }

}

package dev.skiff.it.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.skiff.it.support.Cmd;
import dev.skiff.it.support.Expect;
import dev.skiff.it.support.Skiff;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The `skiff` launcher: an installed, root-owned copy works for a user who may only read it, and a
 * copy of the distribution moved elsewhere starts.
 */
class LauncherTest {

    @RegisterExtension
    static final Skiff skiff = new Skiff();

    @Test
    void launcher_rootOwnedAndReadOnlyToTheUser_runsAContainer() throws IOException {
        assumeTrue(skiff.user().viaRunuser(), "needs the tests to run as root, with skiff run as another user");
        Path launcher = skiff.workspace().launcher().toRealPath();
        Path dist = launcher.getParent().getParent();
        for (Path p : new Path[] {launcher, launcher.getParent(), dist}) {
            assertThat(Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS)).as("owner of %s", p).isEqualTo(0);
            Cmd.Result writable = skiff.runAsUser("test", "-w", p.toString());
            assertThat(writable.exitCode()).as("%s must not be writable by %s", p, skiff.user().name()).isNotZero();
        }

        assertThat(Expect.exit(skiff.run("run", "--rm", "hello"), 0)).contains("Hello from skiff!");
    }

    /**
     * The distribution copied elsewhere, as an installation moves it (new paths, new times): the
     * AOT caches it carries were trained where it was built, and every kind of command still starts.
     */
    @Test
    void aMovedDistribution_startsEveryKindOfCommand() throws IOException {
        Path launcher = skiff.workspace().launcher().toRealPath();
        Path dist = Files.isDirectory(launcher.resolveSibling("cli/target/dist")) ? launcher.resolveSibling("cli/target/dist")
                : launcher.getParent().getParent();
        Path moved = skiff.home().resolve("moved-dist");
        Cmd.Result copy = Cmd.run(List.of("cp", "-r", dist.toString(), moved.toString()), Duration.ofSeconds(60));
        assertThat(copy.exitCode()).as("%s", copy).isZero();
        Cmd.run(List.of("chmod", "-R", "a+rX", moved.toString()), Duration.ofSeconds(30));
        String movedSkiff = moved.resolve("bin/skiff").toString();

        assertThat(Expect.exit(skiff.runAsUser(movedSkiff, "run", "--rm", "hello"), 0)).contains("Hello from skiff!");
        Expect.exit(skiff.runAsUser(movedSkiff, "load", "-q", "-i", skiff.fixtures().dockerArchive().toString()), 0);
        assertThat(Expect.exit(skiff.runAsUser(movedSkiff, "images", "--format", "{{.Repository}}"), 0))
                .contains("skiff-fixture");
        Expect.exit(skiff.runAsUser(movedSkiff, "rmi", "-a"), 0);
    }

    @Test
    void launcher_calledThroughASymlink_findsItsDistribution() throws IOException {
        Path link = skiff.home().resolve("skiff");
        Files.createSymbolicLink(link, skiff.workspace().launcher());

        Cmd.Result r = skiff.runAsUser(link.toString(), "run", "--rm", "hello");

        assertThat(Expect.exit(r, 0)).contains("Hello from skiff!");
    }

    @Test
    void help_listsTheCommands() {
        String out = Expect.exit(skiff.run("--help"), 0);

        assertThat(out).contains("run", "load", "images", "rmi");
    }

    @Test
    void runHelp_listsTheFlags() {
        String out = Expect.exit(skiff.run("run", "--help"), 0);

        assertThat(out).contains("--rm", "--interactive", "--env", "--env-file", "--workdir", "--user",
                "--entrypoint", "--hostname", "--name");
    }
}

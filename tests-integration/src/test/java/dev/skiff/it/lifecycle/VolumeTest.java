package dev.skiff.it.lifecycle;

import static dev.skiff.it.support.Fixtures.IMAGE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.it.support.Cmd;
import dev.skiff.it.support.Expect;
import dev.skiff.it.support.Skiff;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Named, anonymous and image volumes, host paths, tmpfs, --volumes-from, and the volume commands. */
class VolumeTest {
    @RegisterExtension
    static final Skiff skiff = new Skiff();

    @BeforeAll
    static void image() {
        skiff.load(skiff.fixtures().dockerArchive());
    }

    private static Path mountpoint(String volume) {
        return Path.of(skiff.run("volume", "inspect", "--format", "{{.Mountpoint}}", volume).stdout().strip());
    }

    private static long owner(Path p) throws Exception {
        return ((Number) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue();
    }

    @Test
    void aNamedVolume_outlivesItsContainer_andRoBlocksWrites() {
        assertThat(skiff.run("volume", "create", "--label", "team=db", "keep").stdout().strip()).isEqualTo("keep");
        Expect.exit(skiff.run("run", "--name", "writer", "-v", "keep:/data", IMAGE, "sh", "-c", "echo kept > /data/f"), 0);
        Expect.exit(skiff.run("rm", "-v", "writer"), 0);

        assertThat(Expect.lines(skiff.run("run", "--rm", "-v", "keep:/data", IMAGE, "cat", "/data/f")))
                .containsExactly("kept");
        Cmd.Result ro = skiff.run("run", "--rm", "--mount", "type=volume,source=keep,destination=/data,ro", IMAGE,
                "sh", "-c", "echo more > /data/g");
        assertThat(ro.exitCode()).isNotZero();
        assertThat(ro.stderr()).contains("Read-only file system");
        assertThat(Files.exists(mountpoint("keep").resolve("g"))).isFalse();

        assertThat(Expect.lines(skiff.run("volume", "ls", "--filter", "label=team=db", "-q"))).containsExactly("keep");
        assertThat(Expect.lines(skiff.run("volume", "ls"))).first().asString().matches("DRIVER\\s+VOLUME NAME");
        Expect.exit(skiff.run("volume", "exists", "keep"), 0);
        Expect.exit(skiff.run("volume", "exists", "nosuch"), 1);
        assertThat(Expect.failsWithOneLine(skiff.run("volume", "create", "keep"), 125)).contains("keep", "exists");
        Path data = mountpoint("keep");
        Expect.exit(skiff.run("volume", "rm", "keep"), 0);
        assertThat(Files.exists(data)).isFalse();
    }

    @Test
    void aNewVolume_getsTheImagesFilesAtItsPath_withTheirOwners_unlessNocopy() throws Exception {
        Expect.exit(skiff.run("run", "--rm", "-v", "filled:/etc", IMAGE, "true"), 0);
        Path data = mountpoint("filled");
        assertThat(Files.readString(data.resolve("passwd"))).contains("app:x:1234:1234");
        Expect.exit(skiff.run("run", "--rm", "-v", "home:/home/app", IMAGE, "true"), 0);
        assertThat(owner(mountpoint("home"))).as("the image's /home/app belongs to 1234")
                .isEqualTo(skiff.user().hostUid(1234));

        Expect.exit(skiff.run("run", "--rm", "-v", "bare:/etc:nocopy", IMAGE, "true"), 0);
        assertThat(Files.exists(mountpoint("bare").resolve("passwd"))).isFalse();

        // nothing in the image at /data: the new volume goes to the container's user, who can write it
        Expect.exit(skiff.run("run", "--rm", "--user", "1234", "-v", "mine:/data", IMAGE, "touch", "/data/f"), 0);
        assertThat(owner(mountpoint("mine"))).isEqualTo(skiff.user().hostUid(1234));
        Expect.exit(skiff.run("volume", "rm", "filled", "home", "bare", "mine"), 0);
    }

    @Test
    void anonymousVolumes_fromFlagsAndTheImagesVolume_goWithRmV() {
        Expect.exit(skiff.run("run", "--name", "base", IMAGE, "true"), 0);
        Expect.exit(skiff.run("commit", "-c", "VOLUME=/cache", "base", "with-volume"), 0);
        Expect.exit(skiff.run("rm", "base"), 0);

        Expect.exit(skiff.run("run", "--name", "anon", "-v", "/scratch", "with-volume", "sh", "-c",
                "echo a > /cache/a; echo b > /scratch/b"), 0);
        List<String> anonymous = skiff.run("volume", "ls", "-q").stdoutLines();
        assertThat(anonymous).hasSize(2).allMatch(n -> n.matches("[0-9a-f]{64}"));
        assertThat(Expect.lines(skiff.run("volume", "inspect", "--format", "{{.Anonymous}}", anonymous.getFirst())))
                .containsExactly("true");
        assertThat(skiff.run("inspect", "--format", "{{range .Mounts}}{{.Destination}} {{.Type}} {{.RW}};{{end}}",
                "anon").stdout().strip()).isEqualTo("/scratch volume true;/cache volume true;");

        Expect.exit(skiff.run("rm", "-v", "anon"), 0);
        assertThat(skiff.run("volume", "ls", "-q").stdoutLines()).isEmpty();

        Expect.exit(skiff.run("run", "--rm", "with-volume", "true"), 0);
        assertThat(skiff.run("volume", "ls", "-q").stdoutLines()).as("--rm takes anonymous volumes along").isEmpty();
        Expect.exit(skiff.run("run", "--name", "kept", "with-volume", "true"), 0);
        Expect.exit(skiff.run("rm", "kept"), 0);
        assertThat(skiff.run("volume", "ls", "-q").stdoutLines()).as("rm without -v keeps them").hasSize(1);
        assertThat(Expect.lines(skiff.run("volume", "prune", "-f"))).hasSize(1);
        assertThat(skiff.run("volume", "ls", "-q").stdoutLines()).isEmpty();
        Expect.exit(skiff.run("rmi", "with-volume"), 0);
    }

    @Test
    void hostPaths_tmpfs_U_andVolumesFrom() throws Exception {
        Path dir = skiff.workspace().directoryForUser("shared");
        Files.writeString(dir.resolve("note"), "from the host\n");
        skiff.workspace().giveToUser(dir.resolve("note"));

        assertThat(Expect.lines(skiff.run("run", "--rm", "--mount", "type=bind,source=" + dir + ",destination=/h,ro",
                "--tmpfs", "/scratch:size=1m", IMAGE, "sh", "-c",
                "cat /h/note; grep ' /scratch ' /proc/self/mounts | cut -d' ' -f3; touch /h/x 2>/dev/null || echo ro")))
                .containsExactly("from the host", "tmpfs", "ro");

        Expect.exit(skiff.run("run", "--rm", "--user", "1234", "-v", dir + ":/h:U", IMAGE, "touch", "/h/by-app"), 0);
        assertThat(owner(dir.resolve("note"))).as(":U gives the files to the container's user")
                .isEqualTo(skiff.user().hostUid(1234));
        assertThat(owner(dir.resolve("by-app"))).isEqualTo(skiff.user().hostUid(1234));

        Expect.exit(skiff.run("create", "--name", "holder", "-v", "fromvol:/data", "-v", dir + ":/h", IMAGE, "true"), 0);
        Expect.exit(skiff.run("run", "--rm", "--volumes-from", "holder", IMAGE, "sh", "-c", "echo via > /data/v"), 0);
        assertThat(Expect.lines(skiff.run("run", "--rm", "--volumes-from", "holder:ro", IMAGE, "sh", "-c",
                "cat /data/v /h/note; touch /data/w 2>/dev/null || echo ro"))).containsExactly("via", "from the host", "ro");

        assertThat(Expect.failsWithOneLine(skiff.run("volume", "rm", "fromvol"), 2)).contains("fromvol", "holder")
                .doesNotContain("Exception");
        Expect.exit(skiff.run("volume", "rm", "-f", "fromvol"), 0);
        assertThat(skiff.run("ps", "-a", "-q").stdoutLines()).as("--force took the container along").isEmpty();
    }

    @Test
    void badMounts_failWithOneLine_andLeaveNothing() {
        assertThat(Expect.failsWithOneLine(skiff.run("run", "--rm", "-v", "/no/such/dir:/x", IMAGE, "true"), 125))
                .contains("/no/such/dir");
        assertThat(Expect.failsWithOneLine(skiff.run("run", "--rm", "-v", "vol:relative", IMAGE, "true"), 125))
                .contains("relative", "absolute");
        assertThat(Expect.failsWithOneLine(skiff.run("run", "--rm", "-v", "vol:/x:rx", IMAGE, "true"), 125))
                .contains("rx");
        assertThat(Expect.failsWithOneLine(skiff.run("run", "--rm", "-v", "a:/x", "-v", "b:/x", IMAGE, "true"), 125))
                .contains("/x", "duplicate");
        assertThat(Expect.failsWithOneLine(skiff.run("run", "--rm", "--mount", "type=nfs,destination=/x", IMAGE, "true"),
                125)).contains("bind, volume or tmpfs");
        assertThat(Expect.failsWithOneLine(skiff.run("volume", "create", "--opt", "type=nfs", "net"), 125))
                .contains("type=nfs");
        assertThat(skiff.run("ps", "-a", "-q").stdoutLines()).isEmpty();
        assertThat(skiff.run("volume", "ls", "-q").stdoutLines()).isEmpty();
    }
}

package dev.skiff.it.lifecycle;

import static dev.skiff.it.support.Fixtures.IMAGE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.it.support.Cmd;
import dev.skiff.it.support.Expect;
import dev.skiff.it.support.Skiff;
import dev.skiff.it.support.TestUser;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * --userns=keep-id, --userns=auto and --uidmap/--gidmap: a user namespace of the container's own,
 * seen from inside (/proc/self/uid_map, owners) and from the host (the owners of what it writes,
 * its processes' maps).
 */
class UserNamespaceTest {
    @RegisterExtension
    static final Skiff skiff = new Skiff();

    @BeforeAll
    static void image() {
        skiff.load(skiff.fixtures().dockerArchive());
    }

    private static List<String> inside(String... args) {
        List<String> argv = new ArrayList<>(List.of("run", "--rm"));
        argv.addAll(List.of(args));
        return Expect.lines(skiff.run(argv.toArray(String[]::new)));
    }

    private static long hostOwner(String container, String path) throws Exception {
        String upper = skiff.run("inspect", "--format", "{{.GraphDriver.Data.UpperDir}}", container).stdout().strip();
        return ((Number) Files.getAttribute(Path.of(upper + path), "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue();
    }

    @Test
    void keepId_theUsersIdsInsideAreTheirsOutside_andTheImagesFilesKeepTheirOwners() throws Exception {
        TestUser user = skiff.user();
        assertThat(inside("--userns=keep-id", IMAGE, "sh", "-c",
                "id -u; id -g; stat -c %u:%g /bin/busybox /owned-by-1234; grep -c . /proc/self/uid_map"))
                .containsExactly(Integer.toString(user.uid()), Integer.toString(user.gid()), "0:0", "1234:1234", "3");

        Expect.exit(skiff.run("run", "--name", "kept", "--userns=keep-id", IMAGE, "sh", "-c", "echo mine > /tmp/mine"), 0);
        assertThat(hostOwner("kept", "/tmp/mine")).as("a file the container wrote belongs to the user on the host")
                .isEqualTo(user.uid());
        assertThat(skiff.run("inspect", "--format", "{{.HostConfig.UsernsMode}}", "kept").stdout().strip())
                .isEqualTo("keep-id");
        Expect.exit(skiff.run("rm", "kept"), 0);
        assertThat(inside("--userns=keep-id", "--user", "0", IMAGE, "id", "-u")).containsExactly("0");
    }

    @Test
    void auto_givesEachContainerItsOwnRange_ofSkiffsSubordinateIds() throws Exception {
        TestUser user = skiff.user();
        Expect.exit(skiff.run("run", "-d", "--name", "auto1", "--userns=auto", IMAGE, "sleep", "300"), 0);
        Expect.exit(skiff.run("run", "-d", "--name", "auto2", "--userns=auto:size=2000", IMAGE, "sleep", "300"), 0);
        long[][] ranges = new long[2][];
        int i = 0;
        for (String name : List.of("auto1", "auto2")) {
            String pid = skiff.run("inspect", "--format", "{{.State.Pid}}", name).stdout().strip();
            List<String> lines = Files.readAllLines(Path.of("/proc", pid, "uid_map"));
            assertThat(lines).as("one range").hasSize(1);
            String[] f = lines.getFirst().trim().split("\\s+");
            ranges[i++] = new long[] {Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2])};
        }
        assertThat(ranges[0][0]).isZero();
        assertThat(ranges[0][2]).as("podman's 1024 ids, or as many as the image's files use (1234 owns some)")
                .isEqualTo(1235);
        assertThat(ranges[1][2]).isEqualTo(2000);
        for (long[] r : ranges) {
            assertThat(user.subUids().contains(r[1]) && user.subUids().contains(r[1] + r[2] - 1))
                    .as("within the user's subordinate ids: %s", java.util.Arrays.toString(r)).isTrue();
        }
        assertThat(ranges[0][1] + ranges[0][2] <= ranges[1][1] || ranges[1][1] + ranges[1][2] <= ranges[0][1])
                .as("the ranges do not overlap").isTrue();

        assertThat(Expect.lines(skiff.run("exec", "auto2", "sh", "-c", "id -u; stat -c %u /owned-by-1234; touch /tmp/x")))
                .containsExactly("0", "1234");
        assertThat(hostOwner("auto2", "/tmp/x")).as("the container's root is the start of its range")
                .isEqualTo(ranges[1][1]);

        assertThat(Expect.failsWithOneLine(skiff.run("run", "--rm", "--userns=auto:size=70000", IMAGE, "true"), 125))
                .contains("--userns", "70000");
        Expect.exit(skiff.run("rm", "-f", "auto1", "auto2"), 0);
        assertThat(skiff.run("ps", "-a", "-q").stdoutLines()).isEmpty();
    }

    /** Debian's adduser makes homes 0700: the container's root, not the user, cannot walk to the volume. */
    @Test
    void auto_mountsVolumesAndHostPaths_underAHomeOnlyItsOwnerEnters() throws Exception {
        Path dir = skiff.workspace().directoryForUser("shared-auto");
        Files.writeString(dir.resolve("note"), "from the host\n");
        skiff.workspace().giveToUser(dir.resolve("note"));
        java.util.Set<java.nio.file.attribute.PosixFilePermission> before = Files.getPosixFilePermissions(skiff.home());
        Files.setPosixFilePermissions(skiff.home(), java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        try {
            assertThat(inside("--userns=auto", "-v", "autovol:/data", "-v", dir + ":/h:ro", IMAGE, "sh", "-c",
                    "touch /data/x && cat /h/note")).containsExactly("from the host");
        } finally {
            Files.setPosixFilePermissions(skiff.home(), before);
        }
        Expect.exit(skiff.run("volume", "rm", "autovol"), 0);
    }

    @Test
    void uidmap_isTheNamespacesMap_andIdsItLacksShowAsNobody() {
        assertThat(inside("--uidmap", "0:100:2000", IMAGE, "sh", "-c",
                "cat /proc/self/uid_map /proc/self/gid_map; stat -c %u:%g /owned-by-1234").stream().map(UserNamespaceTest::words))
                .containsExactly(
                "0 100 2000", "0 100 2000", "1234:1234");
        assertThat(inside("--uidmap", "0:100:10", "--gidmap", "0:200:10", "--user", "0", IMAGE, "sh", "-c",
                "cat /proc/self/gid_map; stat -c %u:%g /owned-by-1234").stream().map(UserNamespaceTest::words)).containsExactly("0 200 10", "65534:65534");
        assertThat(Expect.failsWithOneLine(skiff.run("run", "--rm", "--uidmap", "0:1:999999999", IMAGE, "true"), 125))
                .contains("--uidmap", "0:1:999999999");
        assertThat(Expect.failsWithOneLine(skiff.run("run", "--rm", "--uidmap", "zero", IMAGE, "true"), 125))
                .contains("--uidmap", "CONTAINER_ID:SKIFF_ID:COUNT");
        assertThat(Expect.failsWithOneLine(skiff.run("run", "--rm", "--userns=keep-id", "--uidmap", "0:1:10", IMAGE,
                "true"), 125)).contains("--uidmap");
        assertThat(Expect.failsWithOneLine(skiff.run("run", "--rm", "--userns=bogus", IMAGE, "true"), 125))
                .contains("--userns", "keep-id");
        assertThat(skiff.run("ps", "-a", "-q").stdoutLines()).isEmpty();
    }

    @Test
    void commitExportAndCp_speakTheContainersIds() throws Exception {
        Expect.exit(skiff.run("run", "--name", "shifted", "--userns=auto", IMAGE, "sh", "-c",
                "touch /tmp/owned && chown 7:8 /tmp/owned"), 0);

        Cmd.Result export = skiff.run("export", "shifted");
        assertThat(tarOwners(export.stdoutBytes(), "tmp/owned")).isEqualTo("7:8");
        assertThat(tarOwners(export.stdoutBytes(), "owned-by-1234")).isEqualTo("1234:1234");

        Path host = skiff.writeFile("copied-in", "in\n");
        Expect.exit(skiff.run("cp", host.toString(), "shifted:/tmp/in"), 0);
        Expect.exit(skiff.run("commit", "shifted", "shifted-image"), 0);
        // cp gives the file to the container's user, root: the start of its range on disk, 0 in the image
        assertThat(inside("shifted-image", "stat", "-c", "%u:%g", "/tmp/owned", "/tmp/in"))
                .as("in a container without a namespace of its own").containsExactly("7:8", "0:0");
        Expect.exit(skiff.run("rm", "shifted"), 0);
        Expect.exit(skiff.run("rmi", "shifted-image"), 0);
    }

    private static String words(String line) {
        return line.strip().replaceAll("\\s+", " ");
    }

    /** "UID:GID" of NAME in a tar stream. */
    private static String tarOwners(byte[] tar, String name) throws Exception {
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (e.getName().equals(name) || e.getName().equals("./" + name)) {
                    return e.getLongUserId() + ":" + e.getLongGroupId();
                }
            }
        }
        throw new AssertionError(name + " not in the archive");
    }
}

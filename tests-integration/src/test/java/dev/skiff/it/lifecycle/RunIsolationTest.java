package dev.skiff.it.lifecycle;

import static dev.skiff.it.support.Fixtures.IMAGE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.it.support.Expect;
import dev.skiff.it.support.Skiff;
import dev.skiff.it.support.TestUser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a container sees of the host: it is root in its own user namespace (the caller
 * outside), has its own PID, mount, UTS, IPC, cgroup and network namespaces, and the image's
 * file owners are shifted into the caller's subordinate range on disk.
 */
class RunIsolationTest {

    @RegisterExtension
    static final Skiff skiff = new Skiff();

    @BeforeAll
    static void loadImage() {
        skiff.load(skiff.fixtures().dockerArchive());
    }

    @Test
    void insideIsRoot_mappedToTheCallerAndItsSubordinateIds() {
        TestUser user = skiff.user();

        List<String> out = Expect.lines(skiff.run("run", "--rm", IMAGE, "sh", "-c",
                "id -u; id -g; cat /proc/self/uid_map; echo gid; cat /proc/self/gid_map"));

        assertThat(out.subList(0, 2)).containsExactly("0", "0");
        int gidAt = out.indexOf("gid");
        assertThat(fields(out.subList(2, gidAt))).first().isEqualTo(List.of("0", Integer.toString(user.uid()), "1"));
        assertThat(fields(out.subList(gidAt + 1, out.size()))).first().isEqualTo(List.of("0", Integer.toString(user.gid()), "1"));
        if (user.subUids() != null) {
            assertThat(fields(out.subList(2, gidAt))).contains(
                    List.of("1", Long.toString(user.subUids().start()), Long.toString(user.subUids().count())));
        }
    }

    @Test
    void containerProcess_runsAsTheCallerOutside_asPid1_inNamespacesOfItsOwn() throws Exception {
        String marker = "skiff-it-marker-" + System.nanoTime();
        Process p = skiff.command("run", "--rm", "-i", IMAGE, "sh", "-c", "echo ready; read line", marker).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).as("first line from the container").isEqualTo("ready");

            long pid = findContainerProcess(marker);
            String status = Files.readString(Path.of("/proc/" + pid + "/status"));
            assertThat(statusField(status, "Uid")).as("uids outside of %s", pid)
                    .containsOnly(Integer.toString(skiff.user().uid()));
            assertThat(statusField(status, "NSpid")).as("pid outside, then inside").hasSize(2).last().isEqualTo("1");
            for (String ns : List.of("user", "pid", "mnt", "net", "uts", "ipc", "cgroup")) {
                assertThat(Files.readSymbolicLink(Path.of("/proc/" + pid + "/ns/" + ns)))
                        .as("%s namespace of the container", ns)
                        .isNotEqualTo(Files.readSymbolicLink(Path.of("/proc/self/ns/" + ns)));
            }

            try (OutputStream in = p.getOutputStream()) {
                in.write("go\n".getBytes(StandardCharsets.UTF_8));
            }
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("the container ends once it has read a line").isTrue();
            assertThat(p.exitValue()).isZero();
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    @Test
    void container_seesOnlyItsOwnProcesses() {
        List<String> out = Expect.lines(skiff.run("run", "--rm", IMAGE, "sh", "-c", "echo $$; ls /proc; echo done"));

        assertThat(out.getFirst()).as("the shell's pid").isEqualTo("1");
        assertThat(out.getLast()).isEqualTo("done");
        List<String> pids = out.stream().skip(1).filter(s -> s.chars().allMatch(Character::isDigit)).toList();
        assertThat(pids).as("processes visible in /proc: the shell and ls").hasSize(2).contains("1");
    }

    @Test
    void pid1_isTheCommand() {
        String out = Expect.exit(skiff.run("run", "--rm", IMAGE, "cat", "/proc/1/cmdline"), 0);

        assertThat(out).isEqualTo("cat\0/proc/1/cmdline\0");
    }

    @Test
    void fileOwnedBy1234_isOwnedBySubordinateBasePlus1233OnDisk_and1234Inside() throws IOException {
        assertThat(Expect.lines(skiff.run("run", "--rm", IMAGE, "stat", "-c", "%u:%g %U", "/owned-by-1234")))
                .containsExactly("1234:1234 app");

        List<Path> onDisk = unpackedCopies("owned-by-1234");
        assertThat(onDisk).as("the unpacked layer under %s", skiff.storage().resolve("layers")).isNotEmpty();
        TestUser user = skiff.user();
        for (Path file : onDisk) {
            assertThat(Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS)).as("owner of %s", file)
                    .isEqualTo((int) user.hostUid(1234));
            assertThat(Files.getAttribute(file, "unix:gid", LinkOption.NOFOLLOW_LINKS)).as("group of %s", file)
                    .isEqualTo((int) (user.subGids().start() + 1233));
        }
        for (Path busybox : unpackedCopies("busybox")) {
            assertThat(Files.getAttribute(busybox, "unix:uid", LinkOption.NOFOLLOW_LINKS)).as("owner of %s", busybox)
                    .isEqualTo(user.uid());
        }
    }

    @Test
    void standardFilesystems_andFiles_arePresent() {
        List<String> out = Expect.lines(skiff.run("run", "--rm", IMAGE, "sh", "-c", """
                for d in null zero full random urandom tty; do test -c /dev/$d && echo "dev $d"; done
                for f in /etc/hostname /etc/hosts /etc/resolv.conf; do test -f $f && echo "file $f"; done
                echo x > /dev/null && echo "null writable"
                touch /tmp/x && echo "tmp writable"
                cat /proc/self/mounts
                """));

        assertThat(out).contains("dev null", "dev zero", "dev full", "dev random", "dev urandom", "dev tty",
                "file /etc/hostname", "file /etc/hosts", "file /etc/resolv.conf", "null writable", "tmp writable");
        List<List<String>> mounts = out.stream().map(l -> List.of(l.split(" "))).filter(f -> f.size() >= 4).toList();
        assertThat(mountType(mounts, "/proc")).isEqualTo("proc");
        assertThat(mountType(mounts, "/dev")).isEqualTo("tmpfs");
        assertThat(mountType(mounts, "/dev/pts")).isEqualTo("devpts");
        assertThat(mountType(mounts, "/dev/shm")).isEqualTo("tmpfs");
        assertThat(mountType(mounts, "/dev/mqueue")).isEqualTo("mqueue");
        assertThat(mountType(mounts, "/sys")).isEqualTo("sysfs");
        assertThat(mountOptions(mounts, "/sys")).as("/sys mount options").contains("ro");
    }

    @Test
    void sys_isReadOnly() {
        String err = Expect.failsWithOneLine(skiff.run("run", "--rm", IMAGE, "touch", "/sys/x"), 1);

        assertThat(err).containsIgnoringCase("read-only");
    }

    @Test
    void networkNone_isOnlyLoopback_andItIsUp() {
        List<String> out = Expect.lines(skiff.run("run", "--rm", "--network", "none", IMAGE, "sh", "-c",
                "ls /sys/class/net; cat /sys/class/net/lo/flags; tail -n +3 /proc/net/dev"));

        assertThat(out.getFirst()).isEqualTo("lo");
        assertThat(Integer.decode(out.get(1)) & 1).as("IFF_UP in lo's flags %s", out.get(1)).isEqualTo(1);
        assertThat(out.subList(2, out.size())).as("interfaces in /proc/net/dev").hasSize(1).first()
                .satisfies(l -> assertThat(l.strip()).startsWith("lo:"));
    }

    @Test
    void hostname_isNotTheHosts() throws IOException {
        String host = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();

        List<String> out = Expect.lines(skiff.run("run", "--rm", IMAGE, "hostname"));

        assertThat(out).hasSize(1).first().isNotEqualTo(host);
    }

    private static List<Path> unpackedCopies(String name) throws IOException {
        Path layers = skiff.storage().resolve("layers");
        if (!Files.isDirectory(layers)) return List.of();
        try (Stream<Path> s = Files.walk(layers)) {
            return s.filter(p -> p.getFileName().toString().equals(name) && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .toList();
        }
    }

    /** The container's own process: its command line starts with the `sh -c` we gave it. */
    private static long findContainerProcess(String marker) throws IOException {
        List<Long> found = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
                try {
                    String cmdline = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8);
                    if (cmdline.startsWith("sh\0-c\0echo ready") && cmdline.contains(marker)) {
                        found.add(Long.parseLong(proc.getFileName().toString()));
                    }
                } catch (IOException e) {
                    // the process ended meanwhile
                }
            }
        }
        assertThat(found).as("the container's process, found by its command line").hasSize(1);
        return found.getFirst();
    }

    private static List<String> statusField(String status, String name) {
        return status.lines().filter(l -> l.startsWith(name + ":")).findFirst()
                .map(l -> List.of(l.substring(name.length() + 1).strip().split("\\s+"))).orElse(List.of());
    }

    private static List<List<String>> fields(List<String> lines) {
        return lines.stream().map(l -> List.of(l.strip().split("\\s+"))).toList();
    }

    private static String mountType(List<List<String>> mounts, String point) {
        return mounts.stream().filter(m -> m.get(1).equals(point)).reduce((a, b) -> b).map(m -> m.get(2)).orElse("(not mounted)");
    }

    private static List<String> mountOptions(List<List<String>> mounts, String point) {
        return mounts.stream().filter(m -> m.get(1).equals(point)).reduce((a, b) -> b)
                .map(m -> List.of(m.get(3).split(","))).orElse(List.of());
    }
}

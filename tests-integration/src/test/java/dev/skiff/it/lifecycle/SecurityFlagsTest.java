package dev.skiff.it.lifecycle;

import static dev.skiff.it.support.Fixtures.IMAGE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.it.support.Expect;
import dev.skiff.it.support.Skiff;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Capabilities, --privileged, --security-opt, --read-only, --group-add, --ulimit and --sysctl, read from inside. */
class SecurityFlagsTest {
    @RegisterExtension
    static final Skiff skiff = new Skiff();

    @BeforeAll
    static void image() {
        skiff.load(skiff.fixtures().dockerArchive());
    }

    private static List<String> inside(String... args) {
        String[] argv = new String[args.length + 2];
        argv[0] = "run";
        argv[1] = "--rm";
        System.arraycopy(args, 0, argv, 2, args.length);
        return Expect.lines(skiff.run(argv));
    }

    @Test
    void defaults_arePodmans_capabilitiesWithEmptyInheritableAndAmbient_andMaskedProc() {
        assertThat(inside(IMAGE, "grep", "^Cap", "/proc/self/status")).containsExactly(
                "CapInh:\t0000000000000000", "CapPrm:\t00000000800405fb", "CapEff:\t00000000800405fb",
                "CapBnd:\t00000000800405fb", "CapAmb:\t0000000000000000");
        assertThat(inside(IMAGE, "sh", "-c", "cat /proc/keys | wc -c; grep NoNewPrivs /proc/self/status"))
                .containsExactly("0", "NoNewPrivs:\t0");
    }

    @Test
    void capAddAndDrop_changeTheSets_allAndNames() {
        // NET_ADMIN (bit 12) added, CHOWN (bit 0) dropped
        assertThat(inside("--cap-add", "net_admin", "--cap-drop", "CAP_CHOWN", IMAGE, "grep", "CapEff",
                "/proc/self/status")).containsExactly("CapEff:\t00000000800415fa");
        assertThat(inside("--cap-drop", "ALL", "--cap-add", "KILL", IMAGE, "grep", "CapBnd", "/proc/self/status"))
                .containsExactly("CapBnd:\t0000000000000020");
        assertThat(inside("--user", "1234", "--cap-add", "NET_ADMIN", IMAGE, "grep", "CapEff", "/proc/self/status"))
                .as("a non-root user gets no effective capabilities, as with podman")
                .containsExactly("CapEff:\t0000000000000000");
        assertThat(Expect.failsWithOneLine(skiff.run("run", "--rm", "--cap-add", "FLY", IMAGE, "true"), 125))
                .contains("--cap-add", "FLY");
    }

    @Test
    void privileged_getsEveryCapability_andNoMaskedPaths() {
        List<String> lines = inside("--privileged", IMAGE, "sh", "-c",
                "grep CapEff /proc/self/status; cat /proc/sys/kernel/cap_last_cap; grep -c ' /proc/keys ' /proc/self/mounts || true");
        int last = Integer.parseInt(lines.get(1));
        assertThat(lines.get(0)).isEqualTo("CapEff:\t" + String.format("%016x", (1L << (last + 1)) - 1));
        assertThat(lines.get(2)).isEqualTo("0");
    }

    @Test
    void noNewPrivileges_isSetOnTheProcess() {
        assertThat(inside("--security-opt", "no-new-privileges", IMAGE, "grep", "NoNewPrivs", "/proc/self/status"))
                .containsExactly("NoNewPrivs:\t1");
        assertThat(Expect.failsWithOneLine(skiff.run("run", "--rm", "--security-opt", "mask=/x", IMAGE, "true"), 125))
                .contains("--security-opt", "mask=/x");
    }

    /** A syscall the profile refuses fails with its errno; the container is not killed (issue 5, escape tests). */
    @Test
    void seccomp_defaultProfileIsLoaded_refusesWithEperm_andProfilesCanBeGivenOrTurnedOff() {
        assertThat(inside(IMAGE, "sh", "-c", "grep Seccomp: /proc/self/status; busybox swapon /dev/null 2>&1; echo alive"))
                .containsExactly("Seccomp:\t2", "swapon: /dev/null: Operation not permitted", "alive");
        assertThat(inside("--privileged", IMAGE, "grep", "Seccomp:", "/proc/self/status")).containsExactly("Seccomp:\t0");
        assertThat(inside("--security-opt", "seccomp=unconfined", IMAGE, "grep", "Seccomp:", "/proc/self/status"))
                .containsExactly("Seccomp:\t0");

        skiff.writeFile("no-mkdir.json", "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": "
                + "[\"mkdir\", \"mkdirat\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 13}]}");
        String profile = skiff.home().resolve("no-mkdir.json").toString();
        assertThat(inside("--security-opt", "seccomp=" + profile, IMAGE, "sh", "-c", "mkdir /made 2>&1; echo alive"))
                .containsExactly("mkdir: can't create directory '/made': Permission denied", "alive");

        Expect.exit(skiff.run("run", "-d", "--name", "filtered", "--security-opt", "seccomp=" + profile, IMAGE,
                "sleep", "60"), 0);
        assertThat(Expect.exit(skiff.run("exec", "filtered", "sh", "-c", "mkdir /made 2>&1; true"), 0))
                .as("exec gets the container's filter").contains("Permission denied");
        Expect.exit(skiff.run("rm", "-f", "-t", "0", "filtered"), 0);

        assertThat(Expect.failsWithOneLine(skiff.run("run", "--rm", "--security-opt", "seccomp=/no/such.json", IMAGE,
                "true"), 125)).contains("/no/such.json", "no such file");
        skiff.writeFile("bad.json", "{\"defaultAction\": \"SCMP_ACT_SING\"}");
        assertThat(Expect.failsWithOneLine(skiff.run("run", "--rm", "--security-opt", "seccomp="
                + skiff.home().resolve("bad.json"), IMAGE, "true"), 125)).contains("SCMP_ACT_SING");
    }

    @Test
    void readOnly_rootCannotBeWritten_butTmpfsDirectoriesCan() {
        assertThat(inside("--read-only", IMAGE, "sh", "-c",
                "touch /x 2>/dev/null || echo root-ro; touch /tmp/a /var/tmp/b /run/c && echo tmpfs-rw; "
                        + "grep ' / ' /proc/self/mounts | cut -d' ' -f4 | cut -d, -f1"))
                .containsExactly("root-ro", "tmpfs-rw", "ro");
        assertThat(inside("--read-only", "--read-only-tmpfs=false", IMAGE, "sh", "-c",
                "touch /tmp/a 2>/dev/null || echo tmp-ro")).containsExactly("tmp-ro");
    }

    @Test
    void groupAdd_andUlimit_reachTheProcess() {
        assertThat(inside("--group-add", "app", "--group-add", "4321", IMAGE, "id", "-G")).containsExactly("0 1234 4321");
        assertThat(inside("--ulimit", "nofile=64:128", "--ulimit", "core=0", IMAGE, "sh", "-c",
                "ulimit -n; ulimit -Hn; ulimit -c")).containsExactly("64", "128", "0");
        assertThat(Expect.failsWithOneLine(skiff.run("run", "--rm", "--ulimit", "nofile=1:99999999999", IMAGE, "true"),
                125)).contains("--ulimit", "hard limit");
        assertThat(Expect.failsWithOneLine(skiff.run("run", "--rm", "--ulimit", "files=1", IMAGE, "true"), 125))
                .contains("--ulimit", "nofile");
        assertThat(Expect.failsWithOneLine(skiff.run("run", "--rm", "--group-add", "nosuch", IMAGE, "true"), 125))
                .contains("--group-add", "nosuch");
        assertThat(skiff.run("ps", "-a", "-q").stdoutLines()).as("nothing created by a refused run").isEmpty();
    }

    @Test
    void sysctl_setsTheContainersOwnNamespaces_andLeavesTheHostAlone() throws Exception {
        String hostForward = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/net/ipv4/ip_forward")).strip();
        String flip = hostForward.equals("1") ? "0" : "1";
        assertThat(inside("--sysctl", "net.ipv4.ip_forward=" + flip, "--sysctl", "net/ipv4/tcp_keepalive_time=61",
                "--sysctl", "kernel.shmmax=1048576", "--sysctl", "fs.mqueue.msg_max=20",
                "--sysctl", "kernel.domainname=example.org", IMAGE, "sh", "-c",
                "cat /proc/sys/net/ipv4/ip_forward /proc/sys/net/ipv4/tcp_keepalive_time /proc/sys/kernel/shmmax "
                        + "/proc/sys/fs/mqueue/msg_max /proc/sys/kernel/domainname"))
                .containsExactly(flip, "61", "1048576", "20", "example.org");
        assertThat(java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/net/ipv4/ip_forward")).strip())
                .as("the host's own setting").isEqualTo(hostForward);
        assertThat(Expect.failsWithOneLine(skiff.run("run", "--rm", "--sysctl", "kernel.pid_max=100", IMAGE, "true"),
                125)).contains("--sysctl", "kernel.pid_max", "own namespaces");
        assertThat(Expect.failsWithOneLine(skiff.run("run", "--rm", "--sysctl", "net.ipv4.ip_forward", IMAGE, "true"),
                125)).contains("--sysctl", "NAME=VALUE");
        assertThat(Expect.failsWithOneLine(skiff.run("run", "--rm", "--sysctl", "net.ipv4.no_such_thing=1", IMAGE,
                "true"), 125)).contains("--sysctl", "net/ipv4/no_such_thing");
        assertThat(skiff.run("ps", "-a", "-q").stdoutLines()).as("nothing created by a refused run").isEmpty();
    }

    /** podman's profile allows 32-bit programs the same system calls, under i386's numbers. */
    @Test
    void aThirtyTwoBitProgram_runsUnderTheDefaultProfile() throws Exception {
        java.nio.file.Path dir = skiff.workspace().directoryForUser("i386");
        java.nio.file.Path src = dir.resolve("hello.s");
        java.nio.file.Files.writeString(src, """
                .globl _start
                _start:
                    mov $4, %eax
                    mov $1, %ebx
                    mov $msg, %ecx
                    mov $len, %edx
                    int $0x80
                    mov $1, %eax
                    xor %ebx, %ebx
                    int $0x80
                .data
                msg: .ascii "hello from i386\\n"
                len = . - msg
                """);
        for (List<String> step : List.of(List.of("as", "--32", "-o", dir + "/hello.o", src.toString()),
                List.of("ld", "-m", "elf_i386", "-o", dir + "/hello", dir + "/hello.o"))) {
            dev.skiff.it.support.Cmd.Result r = dev.skiff.it.support.Cmd.run(step, java.time.Duration.ofSeconds(30));
            assertThat(r.exitCode()).as("%s", r).isZero();
        }
        skiff.workspace().giveToUser(dir.resolve("hello"));

        assertThat(inside("-v", dir + ":/i386:ro", IMAGE, "/i386/hello")).containsExactly("hello from i386");
        assertThat(inside("--security-opt", "seccomp=unconfined", "-v", dir + ":/i386:ro", IMAGE, "/i386/hello"))
                .containsExactly("hello from i386");
    }
}

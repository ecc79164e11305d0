package dev.skiff.it.cve;

import static dev.skiff.it.support.Fixtures.IMAGE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.it.support.Expect;
import dev.skiff.it.support.Skiff;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * runc CVE-2024-21626: a host descriptor or working directory leaks into the container, and a
 * working directory of /proc/self/fd/N walks through it onto the host. The container's first
 * process and exec'd ones hold only fds 0 to 2, and their working directory is inside the root.
 */
class LeakedDescriptorTest {
    @RegisterExtension
    static final Skiff skiff = new Skiff();

    @BeforeAll
    static void image() {
        skiff.load(skiff.fixtures().dockerArchive());
    }

    @Test
    void theEntrypointAndExecHoldOnlyStdio_inADirectoryOfTheContainer() {
        assertThat(Expect.lines(skiff.run("run", "--rm", IMAGE, "sh", "-c", "ls /proc/1/fd; readlink /proc/1/cwd")))
                .containsExactly("0", "1", "2", "/");
        Expect.exit(skiff.run("run", "-d", "--name", "held", IMAGE, "sleep", "60"), 0);
        assertThat(Expect.lines(skiff.run("exec", "-w", "/tmp", "held", "sh", "-c", "ls /proc/$$/fd; readlink /proc/$$/cwd")))
                .containsExactly("0", "1", "2", "/tmp");
        assertThat(Expect.failsWithOneLine(skiff.run("exec", "-w", "/proc/self/fd/3", "held", "pwd"), 125))
                .contains("/proc/self/fd/3", "outside the container");
        Expect.exit(skiff.run("rm", "-f", "-t", "0", "held"), 0);
    }

    @Test
    void aWorkingDirectoryUnderProc_isRefused() {
        for (String dir : new String[] {"/proc/self/fd/5", "/proc/1/cwd", "/proc/../proc/self/cwd"}) {
            assertThat(Expect.failsWithOneLine(skiff.run("run", "--rm", "-w", dir, IMAGE, "pwd"), 125))
                    .contains(dir, "outside the container");
        }
        assertThat(skiff.run("ps", "-a", "-q").stdoutLines()).isEmpty();
    }
}

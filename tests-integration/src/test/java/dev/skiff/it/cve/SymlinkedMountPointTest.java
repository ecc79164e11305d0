package dev.skiff.it.cve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.it.support.CraftedImages;
import dev.skiff.it.support.Expect;
import dev.skiff.it.support.Fixtures;
import dev.skiff.it.support.Skiff;
import dev.skiff.it.support.TarWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Images whose /proc, /sys or /dev is a symlink (runc CVE-2019-16884, CVE-2025-31133 class),
 * which would move proc, sysfs or the devices, and the masks over them, elsewhere: refused with
 * a clear error. A symlinked /etc/hosts is followed within the container, never onto the host.
 */
class SymlinkedMountPointTest {
    @RegisterExtension
    static final Skiff skiff = new Skiff();

    private static Path victim;

    @BeforeAll
    static void victim() throws Exception {
        victim = CraftedImages.victim(skiff, Map.of("hosts", "canary\n"));
    }

    private static void load(byte[] top) throws Exception {
        CraftedImages.loadOverFixture(skiff, top);
    }

    /** /proc, /sys and /dev as symlinks, to the root or to a host-looking path. */
    @ParameterizedTest
    @CsvSource({"proc,/", "proc,/tmp", "sys,/etc", "dev,/tmp"})
    void aSymlinkedKernelFileSystemMountPoint_isRefused(String dir, String target) throws Exception {
        load(new TarWriter().symlink(dir, target).finish());
        Map<String, String> before = CraftedImages.snapshot(victim);

        assertThat(Expect.failsWithOneLine(skiff.run("run", "--rm", CraftedImages.NAME, "true"), 125))
                .contains("`/" + dir + "` is a symlink");

        assertThat(CraftedImages.snapshot(victim)).isEqualTo(before);
        assertThat(skiff.run("ps", "-a", "-q").stdoutLines()).isEmpty();
    }

    @Test
    void aSymlinkedEtcHosts_isFollowedInsideTheContainer_notOnTheHost() throws Exception {
        load(new TarWriter().symlink("etc/hosts", victim.resolve("hosts").toString()).finish());
        Map<String, String> before = CraftedImages.snapshot(victim);

        List<String> hosts = Expect.lines(skiff.run("run", "--rm", CraftedImages.NAME, "cat", "/etc/hosts"));

        assertThat(hosts).anyMatch(l -> l.startsWith("127.0.0.1"));
        assertThat(CraftedImages.snapshot(victim)).isEqualTo(before);
    }
}

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
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Mount targets swapped for symlinks (runc CVE-2021-30465): volume destinations through symlinks
 * of the image, or through a path in a shared volume that another container swaps for a symlink
 * while this one starts, land inside the container, never on the host's canary.
 */
class MountTargetSwapTest {
    @RegisterExtension
    static final Skiff skiff = new Skiff();

    private static Path victim;

    @BeforeAll
    static void victim() throws Exception {
        victim = CraftedImages.victim(skiff, Map.of("canary", "canary\n"));
    }

    private static void load(byte[] top) throws Exception {
        CraftedImages.loadOverFixture(skiff, top);
    }

    @Test
    void aVolumeDestinationThroughImageSymlinks_landsInsideTheContainer() throws Exception {
        load(new TarWriter().symlink("abs", victim.toString())
                .symlink("rel", "../../../../../../../../.." + victim).finish());
        Map<String, String> before = CraftedImages.snapshot(victim);

        List<String> seen = Expect.lines(skiff.run("run", "--rm", "-v", "one:/abs/sub", "-v", "two:/rel/sub2",
                CraftedImages.NAME, "sh", "-c", "echo in > /abs/sub/f && cat " + victim + "/sub/f && ls -d " + victim + "/sub2"));

        assertThat(seen).containsExactly("in", victim + "/sub2");
        assertThat(CraftedImages.snapshot(victim)).as("nothing made or mounted on the host's side").isEqualTo(before);
        assertThat(Files.exists(victim.resolve("sub"))).isFalse();
        Expect.exit(skiff.run("volume", "rm", "one", "two"), 0);
    }

    @Test
    void aVolumeDestinationSwappedForASymlinkDuringStarts_neverLeavesTheContainer() throws Exception {
        load(new TarWriter().finish());
        Map<String, String> before = CraftedImages.snapshot(victim);
        Expect.exit(skiff.run("run", "-d", "--name", "swapper", "-v", "shared:/vol", CraftedImages.NAME, "sh", "-c",
                "while :; do rm -rf /vol/t; mkdir /vol/t; rm -rf /vol/t; ln -s " + victim + " /vol/t; done"), 0);
        for (int i = 0; i < 6; i++) {
            // starts that lose the race see the mount wherever the link leads inside their own root, or fail cleanly
            int code = skiff.run("run", "--rm", "-v", "shared:/mnt", "-v", "marker:/mnt/t", CraftedImages.NAME,
                    "true").exitCode();
            assertThat(code).isIn(0, 125);
        }
        Expect.exit(skiff.run("rm", "-f", "swapper"), 0);
        assertThat(CraftedImages.snapshot(victim)).as("the host's directory untouched").isEqualTo(before);
        assertThat(skiff.run("ps", "-a", "-q").stdoutLines()).isEmpty();
        Expect.exit(skiff.run("volume", "rm", "shared", "marker"), 0);
    }
}

package dev.skiff.it.cve;

import static dev.skiff.it.support.Fixtures.IMAGE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.it.support.Expect;
import dev.skiff.it.support.Skiff;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * runc CVE-2019-5736: a container overwrites the runtime's binary on the host through
 * /proc/PID/exe of a runtime process that entered it. skiff-shim enters containers for `exec`
 * (and is PID 1 until the command starts): with the shim in a directory the user can write
 * to, a container watching /proc while `exec`s come and go neither sees the shim's exe nor
 * changes a byte of it.
 */
class ShimOverwriteTest {
    @RegisterExtension
    static final Skiff skiff = new Skiff();

    private static final String WATCH = "while :; do ls -l /proc/[0-9]*/exe 2>/dev/null | grep skiff-shim >> /seen; done";
    private static final String WRITE = "while :; do for e in /proc/[0-9]*/exe; do "
            + "(exec 3<>$e && printf pwned >&3 && echo wrote $e >> /seen) 2>/dev/null; done; done";

    @Test
    void aContainerWatchingProcDuringExecs_neverReachesTheShim_andTheShimIsUnchanged() throws Exception {
        skiff.load(skiff.fixtures().dockerArchive());
        Path dist = skiff.workspace().shim().getParent().getParent();
        Path own = skiff.home().resolve("dist");
        Expect.exit(skiff.runAsUser("cp", "-a", dist.toString(), own.toString()), 0);
        String launcher = own.resolve("bin/skiff").toString();
        Path shim = own.resolve("libexec/skiff-shim");
        assertThat(Files.isWritable(shim) || Files.getOwner(shim).getName().equals(skiff.user().name()))
                .as("the shim belongs to the user").isTrue();
        String before = sha256(shim);

        Expect.exit(skiff.runAsUser(launcher, "run", "-d", "--name", "victim", IMAGE, "sh", "-c",
                "(" + WATCH + ") & (" + WRITE + ") & wait"), 0);
        for (int i = 0; i < 25; i++) {
            Expect.exit(skiff.runAsUser(launcher, "exec", "victim", "true"), 0);
        }
        String seen = Expect.exit(skiff.runAsUser(launcher, "exec", "victim", "sh", "-c", "cat /seen 2>/dev/null; true"), 0);
        Expect.exit(skiff.runAsUser(launcher, "rm", "-f", "-t", "0", "victim"), 0);

        assertThat(seen).as("what the container saw of skiff-shim").isEmpty();
        assertThat(sha256(shim)).isEqualTo(before);
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}

package dev.skiff.it.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.it.support.Expect;
import dev.skiff.it.support.Skiff;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** `skiff unshare`: commands as root of skiff's user namespace, over the store's files. */
class UnshareTest {

    @RegisterExtension
    static final Skiff skiff = new Skiff();

    @Test
    void unshare_runsAsRootOfTheNamespace_seesTheStoreAsItsOwner_andReturnsTheExitCode() {
        skiff.load(skiff.fixtures().dockerArchive());

        assertThat(Expect.lines(skiff.run("unshare", "id", "-u"))).containsExactly("0");
        assertThat(Expect.lines(skiff.run("unshare", "cat", "/proc/self/uid_map")).getFirst().trim().split("\\s+"))
                .as("uid 0 inside is the test user outside")
                .startsWith("0", Long.toString(skiff.user().uid()));
        String owners = Expect.exit(skiff.run("unshare", "sh", "-c",
                "find \"$CONTAINERS_GRAPHROOT/layers\" -name owned-by-1234 -exec stat -c %u {} +"), 0);
        assertThat(owners.strip()).isEqualTo("1234");
        assertThat(skiff.command("unshare").stdin("echo from-stdin; exit 7").env("SHELL", "/bin/sh").run().exitCode())
                .isEqualTo(7);
        assertThat(Expect.failsWithOneLine(skiff.run("unshare", "no-such-command"), 127)).contains("no-such-command");
        assertThat(Expect.exit(skiff.run("unshare", "sh", "-c", "echo \"[${SKIFF_HANDOFF_FD-}]\""), 0).strip())
                .as("the launcher's handoff pipe belongs to skiff's JVM, not to the commands of unshare")
                .isEqualTo("[]");
    }
}

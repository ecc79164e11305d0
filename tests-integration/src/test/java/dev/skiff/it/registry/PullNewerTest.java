package dev.skiff.it.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.it.support.Cmd;
import dev.skiff.it.support.Expect;
import dev.skiff.it.support.LocalRegistry;
import dev.skiff.it.support.Skiff;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** `run --pull=newer`: pulls only when the registry's manifest digest differs from the stored image's. */
class PullNewerTest {

    @RegisterExtension
    static final Skiff skiff = new Skiff();

    @RegisterExtension
    static final LocalRegistry registry = LocalRegistry.plain();

    @Test
    void runPullNewer_pullsOnlyWhenTheRegistryServesAnotherManifest() {
        String archive = "docker-archive:" + skiff.fixtures().dockerArchive();
        String ref = registry.host() + "/newer:1";
        registry.push(archive, "newer:1", "v2s2");

        Cmd.Result missing = skiff.run("run", "--rm", "--pull=newer", "--tls-verify=false", ref, "true");
        Expect.exit(missing, 0);
        assertThat(missing.stderr()).as("an image not stored is pulled").contains("Trying to pull " + ref);

        Cmd.Result same = skiff.run("run", "--rm", "--pull=newer", "--tls-verify=false", ref, "true");
        Expect.exit(same, 0);
        assertThat(same.stderr()).as("the registry serves the stored manifest").doesNotContain("Trying to pull");

        registry.push(archive, "newer:1", "oci"); // the same layers under another manifest digest
        Cmd.Result changed = skiff.run("run", "--rm", "--pull=newer", "--tls-verify=false", ref, "true");
        Expect.exit(changed, 0);
        assertThat(changed.stderr()).as("the tag now names another manifest")
                .contains("Trying to pull " + ref, "Writing manifest to image destination");

        Cmd.Result after = skiff.run("run", "--rm", "--pull=newer", "--tls-verify=false", ref, "true");
        assertThat(after.stderr()).as("the new manifest is stored now").doesNotContain("Trying to pull");
    }
}

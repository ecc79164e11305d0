package dev.skiff.it.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.it.support.Cmd;
import dev.skiff.it.support.Expect;
import dev.skiff.it.support.Fixtures;
import dev.skiff.it.support.LocalRegistry;
import dev.skiff.it.support.Skiff;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * `skiff push` to a local registry: skopeo reads and copies what skiff pushed (every digest
 * checked), podman pulls and runs it, a second push finds the blobs there, and the image pulled
 * back runs.
 */
class PushTest {

    @RegisterExtension
    static final Skiff skiff = new Skiff();

    @RegisterExtension
    static final LocalRegistry registry = LocalRegistry.plain();

    @Test
    void push_loadedImage_isReadBySkopeo_skipsExistingBlobs_andPullsBackToTheSameImage() {
        skiff.load(skiff.fixtures().dockerArchive());
        String dest = registry.host() + "/pushed:1";

        Cmd.Result r = skiff.run("push", "--tls-verify=false", Fixtures.IMAGE, dest);
        Expect.exit(r, 0);
        assertThat(r.stderr()).contains("Copying blob sha256:", "Copying config " + skiff.fixtures().imageId(),
                "Writing manifest to image destination");

        Cmd.Result inspect = Cmd.run(List.of("skopeo", "inspect", "--tls-verify=false", "docker://" + dest),
                Duration.ofSeconds(60));
        assertThat(inspect.exitCode()).as("%s", inspect).isZero();
        assertThat(inspect.stdout()).contains("\"Digest\": \"sha256:");
        Cmd.Result copy = Cmd.run(List.of("skopeo", "copy", "-q", "--src-tls-verify=false", "docker://" + dest,
                "oci:" + skiff.home().resolve("copied-by-skopeo") + ":x"), Duration.ofSeconds(60));
        assertThat(copy.exitCode()).as("skopeo copy of what skiff pushed\n%s", copy).isZero();

        Cmd.Result again = skiff.run("push", "--tls-verify=false", Fixtures.IMAGE, dest);
        Expect.exit(again, 0);
        assertThat(again.stderr()).contains("skipped: already exists");

        Expect.exit(skiff.run("rmi", Fixtures.IMAGE), 0);
        assertThat(Expect.lines(skiff.run("pull", "-q", "--tls-verify=false", dest)))
                .containsExactly(skiff.fixtures().imageId().substring("sha256:".length()));
        assertThat(Expect.lines(skiff.run("run", "--rm", dest, "cat", "/owned-by-1234"))).containsExactly("owned by app");
    }

    @Test
    void pushedImage_isPulledAndRunByPodman() {
        skiff.load(skiff.fixtures().dockerArchive());
        String dest = registry.host() + "/for-podman:1";
        Expect.exit(skiff.run("push", "-q", "--tls-verify=false", Fixtures.IMAGE, dest), 0);
        try {
            List<String> ran = Expect.lines(skiff.runAsUser("podman", "run", "--runtime", "runc", "--rm", "--net", "none",
                    "--tls-verify=false", dest, "stat", "-c", "%u %n", "/owned-by-1234"));
            assertThat(ran).containsExactly("1234 /owned-by-1234");
            assertThat(Expect.lines(skiff.runAsUser("podman", "images", "-q", "--no-trunc", dest)))
                    .containsExactly(skiff.fixtures().imageId());
        } finally {
            skiff.cleanUpPodman();
        }
    }

    @Test
    void pushOfAPulledImage_toAnotherRepository_mountsItsLayers_andKeepsTheirDigests() {
        registry.push("docker-archive:" + skiff.fixtures().dockerArchive(), "source/app:1", "v2s2");
        String source = registry.host() + "/source/app:1";
        Expect.exit(skiff.run("pull", "-q", "--tls-verify=false", source), 0);
        String dest = registry.host() + "/copy/app:1";

        Cmd.Result r = skiff.run("push", "--tls-verify=false", source, dest);

        Expect.exit(r, 0);
        assertThat(r.stderr()).contains("mounted from source/app");
        assertThat(layerDigests(dest)).isEqualTo(layerDigests(source));
        Expect.exit(skiff.run("rmi", source), 0);
    }

    private static List<String> layerDigests(String ref) {
        Cmd.Result r = Cmd.run(List.of("skopeo", "inspect", "--tls-verify=false", "--format", "{{.Layers}}",
                "docker://" + ref), Duration.ofSeconds(60));
        assertThat(r.exitCode()).as("%s", r).isZero();
        return r.stdoutLines();
    }
}

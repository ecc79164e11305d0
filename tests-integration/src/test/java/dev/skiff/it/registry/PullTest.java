package dev.skiff.it.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.it.support.Cmd;
import dev.skiff.it.support.Expect;
import dev.skiff.it.support.LocalRegistry;
import dev.skiff.it.support.Skiff;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * `skiff pull` and `skiff run --pull` against a local plain-HTTP registry seeded by skopeo with
 * Docker schema 2 and OCI manifests and a hand-written multi-platform index.
 */
class PullTest {

    @RegisterExtension
    static final Skiff skiff = new Skiff();

    @RegisterExtension
    static final LocalRegistry registry = LocalRegistry.plain();

    @BeforeAll
    static void seed() throws Exception {
        String archive = "docker-archive:" + skiff.fixtures().dockerArchive();
        registry.push(archive, "busybox:v2s2", "v2s2");
        registry.push(archive, "busybox:oci", "oci");
        registry.push(archive, "busybox:run", "v2s2");
        registry.push(archive, "other:1", "v2s2");
        pushIndex("busybox:multi", rawManifest("busybox:oci"));
    }

    @Test
    void pull_dockerSchema2_printsProgressAndTheId_andTheImageRuns() {
        Cmd.Result r = skiff.run("pull", "--tls-verify=false", ref("busybox:v2s2"));

        assertThat(Expect.lines(r)).containsExactly(hex(skiff.fixtures().imageId()));
        assertThat(r.stderr()).contains("Trying to pull " + ref("busybox:v2s2") + "...", "Getting image source signatures",
                "Copying blob sha256:", "Copying config " + skiff.fixtures().imageId(), "Writing manifest to image destination");
        assertThat(Expect.lines(skiff.run("run", "--rm", ref("busybox:v2s2"), "cat", "/owned-by-1234")))
                .containsExactly("owned by app");
    }

    @Test
    void pull_ociManifest_runsWithOwnershipKept() {
        Expect.exit(skiff.run("pull", "-q", "--tls-verify=false", ref("busybox:oci")), 0);

        assertThat(Expect.lines(skiff.run("run", "--rm", ref("busybox:oci"), "stat", "-c", "%u", "/owned-by-1234")))
                .containsExactly("1234");
    }

    @Test
    void pull_zstdLayers_unpackWithOwnershipKept_andTheirDiffId() {
        // pushed as the test user: root's skopeo knows a gzip blob of this layer and would reuse it
        Expect.exit(skiff.runAsUser("skopeo", "copy", "-q", "--dest-tls-verify=false", "--format", "oci",
                "--dest-compress-format", "zstd", "docker-archive:" + skiff.fixtures().dockerArchive(),
                "docker://" + ref("busybox:zstd")), 0);
        assertThat(new String(rawManifest("busybox:zstd"), StandardCharsets.UTF_8))
                .contains("application/vnd.oci.image.layer.v1.tar+zstd");

        Expect.exit(skiff.run("pull", "-q", "--tls-verify=false", ref("busybox:zstd")), 0);

        assertThat(Expect.lines(skiff.run("run", "--rm", ref("busybox:zstd"), "sh", "-c",
                "stat -c %u /owned-by-1234; cat /owned-by-1234")))
                .containsExactly("1234", "owned by app");
        assertThat(Expect.exit(skiff.run("image", "inspect", ref("busybox:zstd")), 0)).contains(skiff.fixtures().diffId());
    }

    @Test
    void pull_quiet_printsOnlyTheId_andASecondPullSaysAlreadyExists() {
        Cmd.Result first = skiff.run("pull", "-q", "--tls-verify=false", ref("other:1"));
        assertThat(Expect.lines(first)).containsExactly(hex(skiff.fixtures().imageId()));
        assertThat(first.stderr()).as("stderr of pull -q").isEmpty();

        Cmd.Result second = skiff.run("pull", "--tls-verify=false", ref("other:1"));
        Expect.exit(second, 0);
        assertThat(second.stderr()).contains("skipped: already exists");
    }

    @Test
    void pull_byDigest_recordsTheRepoDigest() throws Exception {
        String digest = sha256(rawManifest("busybox:v2s2"));
        String byDigest = registry.host() + "/busybox@" + digest;

        Expect.exit(skiff.run("pull", "--tls-verify=false", byDigest), 0);

        assertThat(Expect.exit(skiff.run("image", "inspect", byDigest), 0)).contains(byDigest);
    }

    @Test
    void pull_multiPlatformIndex_picksAmd64_andRefusesAMissingArchitectureNamingTheChoices() {
        assertThat(Expect.lines(skiff.run("pull", "--tls-verify=false", ref("busybox:multi"))))
                .containsExactly(hex(skiff.fixtures().imageId()));

        String error = Expect.failsWithOneLine(
                skiff.run("pull", "-q", "--tls-verify=false", "--arch", "s390x", ref("busybox:multi")), 125);
        assertThat(error).contains("linux/s390x", "linux/amd64", "linux/arm64/v8");
    }

    @Test
    void pull_missingTag_failsNamingRegistryAndManifest() {
        Cmd.Result r = skiff.run("pull", "-q", "--tls-verify=false", ref("busybox:nope"));

        assertThat(Expect.failsWithOneLine(r, 125))
                .isEqualTo("Error: registry " + registry.host() + ": manifest `busybox:nope`: not found");
    }

    @Test
    void pull_plainHttpWithoutTlsVerifyFalse_isRefusedWithAHint() {
        Cmd.Result r = skiff.run("pull", "-q", ref("busybox:v2s2"));

        assertThat(Expect.failsWithOneLine(r, 125)).contains("registry " + registry.host(), "--tls-verify=false");
    }

    @Test
    void run_pullNever_onAMissingImage_fails_andRunPullsAMissingImage() {
        Cmd.Result never = skiff.run("run", "--rm", "--pull=never", ref("busybox:run"), "true");
        assertThat(Expect.failsWithOneLine(never, 125)).contains("image not known");

        Cmd.Result r = skiff.run("run", "--rm", "--tls-verify=false", ref("busybox:run"), "echo", "pulled");
        assertThat(Expect.lines(r)).containsExactly("pulled");
        assertThat(r.stderr()).contains("Trying to pull " + ref("busybox:run"));
    }

    @Test
    void pull_shortName_goesThroughRegistriesConf_searchAndInsecure_andBlockedIsRefused() {
        String conf = skiff.writeFile("registries.conf", """
                unqualified-search-registries = ["%s"]

                [[registry]]
                location = "%s"
                insecure = true

                [[registry]]
                prefix = "%s/blocked"
                blocked = true
                """.formatted(registry.host(), registry.host(), registry.host())).toString();

        Cmd.Result r = skiff.command("pull", "-q", "other:1").env("CONTAINERS_REGISTRIES_CONF", conf).run();
        assertThat(Expect.lines(r)).containsExactly(hex(skiff.fixtures().imageId()));
        assertThat(Expect.exit(skiff.run("images"), 0)).contains(registry.host() + "/other");

        Cmd.Result blocked = skiff.command("pull", "-q", ref("blocked/x:1")).env("CONTAINERS_REGISTRIES_CONF", conf).run();
        assertThat(Expect.failsWithOneLine(blocked, 125)).contains("blocked", ref("blocked/x:1"));
    }

    private static String ref(String repoTag) {
        return registry.host() + "/" + repoTag;
    }

    private static String hex(String digest) {
        return digest.substring(digest.indexOf(':') + 1);
    }

    private static byte[] rawManifest(String repoTag) {
        Cmd.Result r = Cmd.run(List.of("skopeo", "inspect", "--raw", "--tls-verify=false", "docker://" + ref(repoTag)),
                java.time.Duration.ofSeconds(60));
        assertThat(r.exitCode()).as("%s", r).isZero();
        return r.stdoutBytes();
    }

    private static void pushIndex(String repoTag, byte[] amd64Manifest) throws Exception {
        String d = sha256(amd64Manifest);
        String entry = "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + d + "\",\"size\":"
                + amd64Manifest.length + ",\"platform\":{\"architecture\":\"%s\",\"os\":\"linux\"%s}}";
        String index = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":["
                + entry.formatted("arm64", ",\"variant\":\"v8\"") + "," + entry.formatted("amd64", "") + "]}";
        String[] parts = repoTag.split(":");
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://" + registry.host() + "/v2/" + parts[0] + "/manifests/" + parts[1]))
                .header("Content-Type", "application/vnd.oci.image.index.v1+json")
                .PUT(HttpRequest.BodyPublishers.ofString(index, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("PUT index: %s", r.body()).isEqualTo(201);
    }

    private static String sha256(byte[] bytes) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}

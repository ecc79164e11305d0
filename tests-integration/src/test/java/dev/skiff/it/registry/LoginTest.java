package dev.skiff.it.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.it.support.Cmd;
import dev.skiff.it.support.Expect;
import dev.skiff.it.support.LocalRegistry;
import dev.skiff.it.support.Skiff;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * `skiff login`/`logout` against a TLS registry with htpasswd authentication, trusted through a CA
 * in {@code ~/.config/containers/certs.d/HOST/}: credentials are checked before they are saved,
 * the auth.json is the one skopeo and podman read, and pulls use it.
 */
class LoginTest {

    @RegisterExtension
    static final Skiff skiff = new Skiff();

    @RegisterExtension
    static final LocalRegistry registry = LocalRegistry.withTlsAndAuth();

    @BeforeAll
    static void seedAndTrust() throws IOException {
        registry.push("docker-archive:" + skiff.fixtures().dockerArchive(), "busybox:1", "v2s2");
        Path dir = skiff.home().resolve(".config/containers/certs.d").resolve(registry.host());
        Files.createDirectories(dir);
        Files.copy(registry.caCertificate(), dir.resolve("ca.crt"));
        for (Path p = dir.resolve("ca.crt"); !p.equals(skiff.home()); p = p.getParent()) {
            skiff.workspace().giveToUser(p);
        }
    }

    @Test
    void login_withAWrongPassword_failsClearly_andSavesNothing() throws IOException {
        Cmd.Result r = skiff.run("login", "-u", LocalRegistry.USER, "-p", "wrong", registry.host());

        assertThat(Expect.failsWithOneLine(r, 125)).contains("registry " + registry.host(), "invalid username or password");
        if (Files.exists(authFile())) {
            assertThat(Files.readString(authFile())).as("auth.json after a refused login").doesNotContain(registry.host());
        }
    }

    @Test
    void login_thenPull_thenLogout() throws IOException {
        Cmd.Result login = skiff.command("login", "-u", LocalRegistry.USER, "--password-stdin", registry.host())
                .stdin(LocalRegistry.PASSWORD + "\n").run();
        assertThat(Expect.lines(login)).containsExactly("Login Succeeded!");
        assertThat(Files.getPosixFilePermissions(authFile())).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Expect.lines(skiff.runAsUser("skopeo", "login", "--get-login", registry.host())))
                .containsExactly(LocalRegistry.USER);

        Cmd.Result pull = skiff.run("pull", "-q", registry.host() + "/busybox:1");
        assertThat(Expect.lines(pull)).containsExactly(skiff.fixtures().imageId().substring("sha256:".length()));

        assertThat(Expect.lines(skiff.run("logout", registry.host())))
                .containsExactly("Removed login credentials for " + registry.host());
        assertThat(skiff.runAsUser("skopeo", "login", "--get-login", registry.host()).exitCode())
                .as("skopeo login --get-login after logout").isNotZero();
        Cmd.Result anonymous = skiff.run("pull", "-q", registry.host() + "/busybox:1");
        assertThat(Expect.failsWithOneLine(anonymous, 125)).contains("registry " + registry.host(), "authentication required");
    }

    @Test
    void pull_withCreds_needsNoLogin() {
        Cmd.Result r = skiff.run("pull", "-q", "--creds", LocalRegistry.USER + ":" + LocalRegistry.PASSWORD,
                registry.host() + "/busybox:1");

        assertThat(Expect.lines(r)).containsExactly(skiff.fixtures().imageId().substring("sha256:".length()));
    }

    private static Path authFile() {
        return skiff.runtimeDir().resolve("containers/auth.json");
    }
}

package dev.skiff.it.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Debian's {@code docker-registry} on a free 127.0.0.1 port with a storage directory of its own:
 * plain HTTP, or TLS with a CA made by openssl and htpasswd (bcrypt) authentication. Register it
 * as a static extension; seed it with {@link #push}.
 */
public final class LocalRegistry implements BeforeAllCallback, AfterAllCallback {
    /** The user {@link #withTlsAndAuth()} accepts. */
    public static final String USER = "tester";
    /** That user's password. */
    public static final String PASSWORD = "s3cret-pass";

    private final boolean tlsAndAuth;
    private Path dir;
    private int port;
    private Process process;

    private LocalRegistry(boolean tlsAndAuth) {
        this.tlsAndAuth = tlsAndAuth;
    }

    /** A registry speaking plain HTTP, without authentication. */
    public static LocalRegistry plain() {
        return new LocalRegistry(false);
    }

    /** A registry speaking TLS (certificate from {@link #caCertificate()}) that requires {@link #USER}. */
    public static LocalRegistry withTlsAndAuth() {
        return new LocalRegistry(true);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dir = Files.createTempDirectory(Path.of("/tmp"), "skiff-registry-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        port = freePort();
        StringBuilder config = new StringBuilder("""
                version: 0.1
                log:
                  level: warn
                storage:
                  filesystem:
                    rootdirectory: %s
                  delete:
                    enabled: true
                http:
                  addr: 127.0.0.1:%d
                """.formatted(dir.resolve("storage"), port));
        if (tlsAndAuth) {
            makeCertificates();
            Cmd.Result h = Cmd.run(List.of("htpasswd", "-Bbn", USER, PASSWORD), Duration.ofSeconds(30));
            assertThat(h.exitCode()).as("htpasswd\n%s", h).isZero();
            Files.writeString(dir.resolve("htpasswd"), h.stdout());
            config.append("""
                      tls:
                        certificate: %s
                        key: %s
                    auth:
                      htpasswd:
                        realm: skiff-test
                        path: %s
                    """.formatted(dir.resolve("server.crt"), dir.resolve("server.key"), dir.resolve("htpasswd")));
        }
        Path configFile = dir.resolve("config.yml");
        Files.writeString(configFile, config.toString());
        process = new ProcessBuilder("docker-registry", "serve", configFile.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile()).start();
        waitUntilListening();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        if (dir != null) {
            Cmd.run(List.of("rm", "-rf", dir.toString()), Duration.ofSeconds(60));
        }
    }

    /** {@code 127.0.0.1:PORT}. */
    public String host() {
        return "127.0.0.1:" + port;
    }

    /** The CA that signed the TLS registry's certificate (PEM). */
    public Path caCertificate() {
        return dir.resolve("ca.crt");
    }

    /**
     * Copies an image into the registry with skopeo: {@code source} is a skopeo transport reference
     * ({@code docker-archive:FILE}), {@code repoTag} e.g. {@code busybox:1}; {@code format} is
     * {@code v2s2}, {@code oci} or null to keep the source's.
     */
    public void push(String source, String repoTag, String format, String... extra) {
        List<String> argv = new ArrayList<>(List.of("skopeo", "copy", "--dest-tls-verify=false"));
        if (tlsAndAuth) {
            argv.add("--dest-creds=" + USER + ":" + PASSWORD);
        }
        if (format != null) {
            argv.addAll(List.of("--format", format));
        }
        argv.addAll(List.of(extra));
        argv.addAll(List.of(source, "docker://" + host() + "/" + repoTag));
        Cmd.Result r = Cmd.run(argv, Duration.ofSeconds(120));
        assertThat(r.exitCode()).as("seed %s\n%s", repoTag, r).isZero();
    }

    /** The file holding a blob's bytes in the registry's storage. */
    public Path blobFile(String digest) {
        String hex = digest.substring(digest.indexOf(':') + 1);
        return dir.resolve("storage/docker/registry/v2/blobs/sha256").resolve(hex.substring(0, 2)).resolve(hex)
                .resolve("data");
    }

    private void makeCertificates() throws IOException {
        run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=skiff test CA",
                "-keyout", dir.resolve("ca.key").toString(), "-out", dir.resolve("ca.crt").toString());
        Files.writeString(dir.resolve("ext.cnf"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n", StandardCharsets.UTF_8);
        run("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1",
                "-keyout", dir.resolve("server.key").toString(), "-out", dir.resolve("server.csr").toString());
        run("openssl", "x509", "-req", "-in", dir.resolve("server.csr").toString(), "-CA", dir.resolve("ca.crt").toString(),
                "-CAkey", dir.resolve("ca.key").toString(), "-CAcreateserial", "-days", "2",
                "-extfile", dir.resolve("ext.cnf").toString(), "-out", dir.resolve("server.crt").toString());
    }

    private static void run(String... argv) {
        Cmd.Result r = Cmd.run(List.of(argv), Duration.ofSeconds(60));
        assertThat(r.exitCode()).as("%s", r).isZero();
    }

    private void waitUntilListening() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("docker-registry exited: " + Files.readString(dir.resolve("registry.log")));
            }
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("docker-registry did not listen on " + host() + " within 20 s");
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

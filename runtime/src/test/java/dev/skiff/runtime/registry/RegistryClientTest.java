package dev.skiff.runtime.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.skiff.oci.digest.Digest;
import dev.skiff.oci.image.Descriptor;
import dev.skiff.oci.image.MediaType;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client against an in-process registry that speaks the Bearer token flow Docker Hub uses. */
class RegistryClientTest {
    private static final byte[] MANIFEST = "{\"schemaVersion\":2}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] BLOB = "layer bytes".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path tmp;

    private HttpServer server;
    private String host;
    private final List<String> tokenQueries = new CopyOnWriteArrayList<>();
    private final List<String> storageAuthorizations = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        host = "127.0.0.1:" + server.getAddress().getPort();
        server.createContext("/token", ex -> {
            tokenQueries.add(ex.getRequestURI().getQuery());
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            if (auth != null && !auth.equals("Basic " + new Credentials("u", "p").authField())) {
                send(ex, 401, "{}".getBytes(StandardCharsets.UTF_8), null);
                return;
            }
            send(ex, 200, "{\"token\":\"tok\"}".getBytes(StandardCharsets.UTF_8), null);
        });
        server.createContext("/v2/", ex -> {
            String path = ex.getRequestURI().getPath();
            if (!"Bearer tok".equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                ex.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"http://" + host + "/token\","
                        + "service=\"test-registry\"");
                send(ex, 401, new byte[0], null);
            } else if (path.equals("/v2/")) {
                send(ex, 200, new byte[0], null);
            } else if (path.equals("/v2/lib/app/manifests/1")) {
                send(ex, 200, MANIFEST, MediaType.OCI_MANIFEST);
            } else if (path.equals("/v2/lib/app/manifests/headed") && ex.getRequestMethod().equals("HEAD")) {
                ex.getResponseHeaders().add("Docker-Content-Digest", Digest.of(BLOB).toString());
                send(ex, 200, new byte[0], MediaType.OCI_MANIFEST);
            } else if (path.startsWith("/v2/lib/app/blobs/")) {
                ex.getResponseHeaders().add("Location", "/storage/" + path.substring(path.lastIndexOf('/') + 1));
                send(ex, 307, new byte[0], null);
            } else {
                send(ex, 404, "{\"errors\":[{\"message\":\"manifest unknown\"}]}".getBytes(StandardCharsets.UTF_8), null);
            }
        });
        server.createContext("/storage/", ex -> {
            storageAuthorizations.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
            send(ex, 200, BLOB, null);
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void manifest_followsTheBearerChallenge_withTheRepositoryScope() throws Exception {
        RegistryClient c = client(null);

        RegistryClient.FetchedManifest m = c.manifest("lib/app", "1");

        assertThat(m.bytes()).isEqualTo(MANIFEST);
        assertThat(m.mediaType()).isEqualTo(MediaType.OCI_MANIFEST);
        assertThat(m.digest()).isEqualTo(Digest.of(MANIFEST));
        assertThat(tokenQueries).contains("service=test-registry&scope=repository:lib/app:pull");
    }

    @Test
    void manifestDigest_takesTheDigestHeaderOfAHeadRequest() throws Exception {
        assertThat(client(null).manifestDigest("lib/app", "headed")).isEqualTo(Digest.of(BLOB));
    }

    @Test
    void manifestDigest_withoutTheHeader_digestsTheManifestItself() throws Exception {
        assertThat(client(null).manifestDigest("lib/app", "1")).isEqualTo(Digest.of(MANIFEST));
    }

    @Test
    void manifest_missing_isNotFoundNamingRegistryAndManifest() {
        assertThatThrownBy(() -> client(null).manifest("lib/app", "nope"))
                .isInstanceOf(RegistryException.class)
                .hasMessage("registry " + host + ": manifest `lib/app:nope`: not found");
    }

    @Test
    void manifest_byDigest_withOtherContent_isRefused() {
        String wanted = Digest.of("other".getBytes(StandardCharsets.UTF_8)).toString();
        server.createContext("/v2/lib/app/manifests/" + wanted, ex -> send(ex, 200, MANIFEST, MediaType.OCI_MANIFEST));

        assertThatThrownBy(() -> client(null).manifest("lib/app", wanted))
                .hasMessageContaining("expected " + wanted);
    }

    @Test
    void blob_followsARedirectToOtherStorage_isVerified_andTheTokenStaysWithTheRegistry() throws Exception {
        HttpServer storage = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        storage.createContext("/", ex -> {
            storageAuthorizations.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
            send(ex, 200, BLOB, null);
        });
        storage.start();
        try {
            server.createContext("/v2/lib/app/blobs/", ex -> {
                if (!"Bearer tok".equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                    send(ex, 401, new byte[0], null);
                    return;
                }
                ex.getResponseHeaders().add("Location", "http://127.0.0.1:" + storage.getAddress().getPort() + "/b");
                send(ex, 307, new byte[0], null);
            });
            Descriptor d = Descriptor.of(MediaType.OCI_LAYER, Digest.of(BLOB), BLOB.length);

            try (BlobStream in = client(null).openBlob("lib/app", d, n -> { })) {
                assertThat(in.readAllBytes()).isEqualTo(BLOB);
            }
            assertThat(storageAuthorizations).containsExactly("null");
        } finally {
            storage.stop(0);
        }
    }

    @Test
    void blob_withBytesNotMatchingTheDigest_isRefusedNamingIt() {
        Digest claimed = Digest.of("something else".getBytes(StandardCharsets.UTF_8));
        Descriptor d = Descriptor.of(MediaType.OCI_LAYER, claimed, BLOB.length);

        assertThatThrownBy(() -> readBlob(d))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("blob " + claimed)
                .hasMessageContaining("content has digest " + Digest.of(BLOB));
    }

    @Test
    void blob_shorterThanItsDescriptor_isRefusedAtItsEnd() {
        Descriptor d = Descriptor.of(MediaType.OCI_LAYER, Digest.of(BLOB), BLOB.length + 10);

        assertThatThrownBy(() -> readBlob(d))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("received " + BLOB.length + " bytes, its descriptor says " + (BLOB.length + 10));
    }

    @Test
    void blob_longerThanItsDescriptor_isRefusedBeforeItEnds() {
        Descriptor d = Descriptor.of(MediaType.OCI_LAYER, Digest.of(BLOB), BLOB.length - 1);

        assertThatThrownBy(() -> readBlob(d))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("more bytes than its descriptor's size " + (BLOB.length - 1));
    }

    private void readBlob(Descriptor d) throws Exception {
        try (BlobStream in = client(null).openBlob("lib/app", d, n -> { })) {
            in.finish();
        }
    }

    @Test
    void verifyLogin_withWrongCredentials_failsNamingTheUser() {
        assertThatThrownBy(() -> client(new Credentials("u", "wrong")).verifyLogin())
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("invalid username or password");
    }

    @Test
    void verifyLogin_withRightCredentials_passes() throws Exception {
        client(new Credentials("u", "p")).verifyLogin();

        assertThat(tokenQueries).anyMatch(q -> q.contains("account=u"));
    }

    private RegistryClient client(Credentials c) {
        return new RegistryClient(host, false, true, c, tmp.toString(), java.time.Duration.ofMillis(300));
    }

    private static void send(HttpExchange ex, int status, byte[] body, String type) throws IOException {
        if (type != null) {
            ex.getResponseHeaders().add("Content-Type", type);
        }
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (var out = ex.getResponseBody()) {
            out.write(body);
        }
    }
}

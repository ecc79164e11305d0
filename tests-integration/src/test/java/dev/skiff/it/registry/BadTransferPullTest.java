package dev.skiff.it.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.skiff.it.support.Expect;
import dev.skiff.it.support.LocalRegistry;
import dev.skiff.it.support.Skiff;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Registries that misbehave: a layer of a media type skiff does not know, and a layer whose
 * transfer stops half-way. Each pull fails with one line naming the layer, leaves nothing in
 * the store, and a good pull afterwards works. The bad registry is a small server in this test,
 * serving the image a real docker-registry holds.
 */
class BadTransferPullTest {
    private static final String UNKNOWN_TYPE = "application/vnd.example.unknown.layer";

    @RegisterExtension
    static final Skiff skiff = new Skiff();

    @RegisterExtension
    static final LocalRegistry registry = LocalRegistry.plain();

    private static final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
    private static HttpServer server;
    private static byte[] manifest;
    private static String layerDigest;

    @BeforeAll
    static void start() throws Exception {
        registry.push("docker-archive:" + skiff.fixtures().dockerArchive(), "busybox:1", "v2s2");
        manifest = get("/v2/busybox/manifests/1");
        String text = new String(manifest, StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("\"digest\"\\s*:\\s*\"(sha256:[0-9a-f]{64})\"").matcher(text);
        while (m.find()) {
            blobs.put(m.group(1), get("/v2/busybox/blobs/" + m.group(1)));
        }
        Matcher layer = Pattern.compile("\"layers\"\\s*:\\s*\\[.*?\"digest\"\\s*:\\s*\"(sha256:[0-9a-f]{64})\"",
                Pattern.DOTALL).matcher(text);
        assertThat(layer.find()).as("a layer in %s", text).isTrue();
        layerDigest = layer.group(1);

        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v2/", BadTransferPullTest::serve);
        server.start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void pull_ofALayerWithAnUnknownMediaType_isRefusedNamingTheType_andStoresNothing() throws IOException {
        String line = Expect.failsWithOneLine(skiff.run("pull", "-q", "--tls-verify=false", ref("unknown")), 125);

        assertThat(line).contains(layerDigest, "unsupported media type `" + UNKNOWN_TYPE + "`");
        assertStoreHoldsNoImage();
    }

    @Test
    void pull_whoseLayerTransferStopsHalfWay_failsNamingTheBlob_storesNothing_andAGoodPullThenWorks()
            throws IOException {
        String line = Expect.failsWithOneLine(skiff.run("pull", "-q", "--tls-verify=false", ref("cut")), 125);

        assertThat(line).contains("blob " + layerDigest, "transfer failed");
        assertStoreHoldsNoImage();

        Expect.exit(skiff.run("pull", "-q", "--tls-verify=false", ref("good")), 0);
        assertThat(Expect.lines(skiff.run("run", "--rm", ref("good"), "cat", "/owned-by-1234")))
                .containsExactly("owned by app");
        Expect.exit(skiff.run("rmi", ref("good")), 0);
    }

    private static String ref(String repository) {
        return "127.0.0.1:" + server.getAddress().getPort() + "/" + repository + ":1";
    }

    private static void assertStoreHoldsNoImage() throws IOException {
        assertThat(skiff.run("images", "-q").stdoutLines()).as("images").isEmpty();
        assertThat(entries(skiff.storage().resolve("layers"))).as("layers").isEmpty();
        assertThat(entries(skiff.storage().resolve("tmp"))).as("tmp (lock files aside)")
                .allMatch(p -> p.getFileName().toString().endsWith(".lock"));
    }

    /** Serves repositories good, unknown (its layer's media type replaced) and cut (its layer stops half-way). */
    private static void serve(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        Matcher m = Pattern.compile("/v2/(good|unknown|cut)/(manifests/1|blobs/(sha256:[0-9a-f]{64}))").matcher(path);
        if (path.equals("/v2/")) {
            send(ex, "application/json", "{}".getBytes(StandardCharsets.UTF_8));
        } else if (!m.matches()) {
            ex.sendResponseHeaders(404, -1);
            ex.close();
        } else if (m.group(3) == null) {
            String text = new String(manifest, StandardCharsets.UTF_8);
            if (m.group(1).equals("unknown")) {
                text = text.replace("application/vnd.docker.image.rootfs.diff.tar.gzip", UNKNOWN_TYPE);
            }
            send(ex, "application/vnd.docker.distribution.manifest.v2+json", text.getBytes(StandardCharsets.UTF_8));
        } else if (m.group(1).equals("cut") && m.group(3).equals(layerDigest)) {
            byte[] blob = blobs.get(layerDigest);
            ex.sendResponseHeaders(200, blob.length);
            OutputStream out = ex.getResponseBody();
            out.write(blob, 0, blob.length / 2);
            out.flush();
            // a handler that fails makes the server drop the connection, short of the promised length
            throw new IOException("transfer cut by the test");
        } else if (blobs.containsKey(m.group(3))) {
            send(ex, "application/octet-stream", blobs.get(m.group(3)));
        } else {
            ex.sendResponseHeaders(404, -1);
            ex.close();
        }
    }

    private static void send(HttpExchange ex, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().add("Content-Type", type);
        ex.getResponseHeaders().add("Docker-Distribution-API-Version", "registry/2.0");
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(200, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
        ex.close();
    }

    private static byte[] get(String path) throws Exception {
        HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://" + registry.host() + path))
                .header("Accept", "application/vnd.docker.distribution.manifest.v2+json").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).as("GET %s", path).isEqualTo(200);
        return r.body();
    }

    private static List<Path> entries(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }
}

package dev.skiff.runtime.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.skiff.oci.digest.Digest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mount, monolithic and chunked uploads against an in-process registry that records every request. */
class BlobUploaderTest {
    private static final byte[] BLOB = "0123456789abcdefghijklmnopqrstuvwxyz".getBytes();
    private static final Digest DIGEST = Digest.of(BLOB);

    @TempDir
    Path tmp;

    private HttpServer server;
    private String host;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private boolean refuseMonolithic;
    private int mountStatus = 202;
    private String sessionLocation = "/v2/lib/app/blobs/uploads/s1?_state=x";

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        host = "127.0.0.1:" + server.getAddress().getPort();
        server.createContext("/v2/", this::handle);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private synchronized void handle(HttpExchange ex) throws IOException {
        String method = ex.getRequestMethod();
        String uri = ex.getRequestURI().toString();
        byte[] body = ex.getRequestBody().readAllBytes();
        String range = ex.getRequestHeaders().getFirst("Content-Range");
        requests.add(method + " " + uri + (range == null ? "" : " " + range) + " " + body.length);
        if (uri.equals("/v2/")) {
            send(ex, 200, null);
        } else if (method.equals("POST") && uri.contains("mount=")) {
            send(ex, mountStatus, mountStatus == 202 ? sessionLocation : null);
        } else if (method.equals("POST")) {
            send(ex, 202, sessionLocation);
        } else if (method.equals("PATCH")) {
            received.write(body);
            send(ex, 202, sessionLocation);
        } else if (method.equals("PUT") && refuseMonolithic && body.length > 0) {
            send(ex, 400, null);
        } else if (method.equals("PUT")) {
            received.write(body);
            send(ex, Digest.of(received.toByteArray()).equals(DIGEST) ? 201 : 400, null);
        } else {
            send(ex, 404, null);
        }
    }

    @Test
    void upload_smallBlob_goesAsOneMonolithicPut() throws Exception {
        BlobUploader.Outcome outcome = uploader(1024, 8).upload("lib/app", DIGEST, blobFile(), null);

        assertThat(outcome).isEqualTo(BlobUploader.Outcome.MONOLITHIC);
        assertThat(received.toByteArray()).as("bytes the registry received").isEqualTo(BLOB);
        assertThat(requests).noneMatch(r -> r.startsWith("PATCH"));
    }

    @Test
    void upload_blobAboveTheLimit_goesInChunksWithContentRanges() throws Exception {
        BlobUploader.Outcome outcome = uploader(10, 16).upload("lib/app", DIGEST, blobFile(), null);

        assertThat(outcome).isEqualTo(BlobUploader.Outcome.CHUNKED);
        assertThat(received.toByteArray()).isEqualTo(BLOB);
        assertThat(requests).filteredOn(r -> r.startsWith("PATCH"))
                .extracting(r -> r.split(" ")[2])
                .containsExactly("0-15", "16-31", "32-35");
        assertThat(requests.getLast()).as("the closing PUT carries the digest and no body")
                .startsWith("PUT /v2/lib/app/blobs/uploads/s1?_state=x&digest=" + DIGEST).endsWith(" 0");
    }

    @Test
    void upload_monolithicPutRefused_fallsBackToChunksInAFreshSession() throws Exception {
        refuseMonolithic = true;

        BlobUploader.Outcome outcome = uploader(1024, 20).upload("lib/app", DIGEST, blobFile(), null);

        assertThat(outcome).isEqualTo(BlobUploader.Outcome.CHUNKED);
        assertThat(received.toByteArray()).isEqualTo(BLOB);
        assertThat(requests).filteredOn(r -> r.startsWith("POST")).as("a second session after the refusal").hasSize(2);
    }

    @Test
    void upload_mountAccepted_sendsNoBytes() throws Exception {
        mountStatus = 201;

        BlobUploader.Outcome outcome = uploader(1024, 8).upload("lib/app", DIGEST, blobFile(), "lib/base");

        assertThat(outcome).isEqualTo(BlobUploader.Outcome.MOUNTED);
        assertThat(requests).contains("POST /v2/lib/app/blobs/uploads/?mount=" + DIGEST + "&from=lib/base 0");
        assertThat(received.size()).as("bytes uploaded").isZero();
    }

    @Test
    void upload_mountDeclined_uploadsIntoTheSessionTheRegistryOpened() throws Exception {
        BlobUploader.Outcome outcome = uploader(1024, 8).upload("lib/app", DIGEST, blobFile(), "lib/base");

        assertThat(outcome).isEqualTo(BlobUploader.Outcome.MONOLITHIC);
        assertThat(requests).filteredOn(r -> r.startsWith("POST")).as("only the mount request").hasSize(1);
        assertThat(received.toByteArray()).isEqualTo(BLOB);
    }

    @Test
    void upload_sessionOnAnotherHost_isRefused() throws Exception {
        sessionLocation = "http://elsewhere.example:5000/v2/lib/app/blobs/uploads/s1";

        assertThatThrownBy(() -> uploader(1024, 8).upload("lib/app", DIGEST, blobFile(), null))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("blob " + DIGEST)
                .hasMessageContaining("upload session on another host `elsewhere.example:5000`");
        assertThat(requests).noneMatch(r -> r.startsWith("PUT") || r.startsWith("PATCH"));
    }

    private BlobUploader uploader(long monolithicLimit, int chunkSize) {
        RegistryClient client = new RegistryClient(host, false, true, null, tmp.toString(), Duration.ofMillis(300));
        return new BlobUploader(client, monolithicLimit, chunkSize);
    }

    private Path blobFile() throws IOException {
        return Files.write(tmp.resolve("blob"), BLOB);
    }

    private static void send(HttpExchange ex, int status, String location) throws IOException {
        if (location != null) {
            ex.getResponseHeaders().add("Location", location);
        }
        ex.sendResponseHeaders(status, -1);
        ex.close();
    }
}

package dev.skiff.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.skiff.oci.digest.Digest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A registry of one small image on 127.0.0.1, plain HTTP, for {@link AotTraining}: so that the
 * AOT cache holds what `pull` loads (the HTTP client, JSON, gzip, the unpacker).
 */
final class TrainingRegistry implements AutoCloseable {
    static final String REPOSITORY = "training/app";
    private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";

    private final HttpServer server;
    private final Map<String, byte[]> blobs = new HashMap<>();
    private final byte[] manifest;

    TrainingRegistry() throws IOException {
        byte[] tar = layerTar();
        byte[] layer = gzip(tar);
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Cmd\":[\"/bin/app\"]},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + Digest.of(tar) + "\"]}}")
                .getBytes(StandardCharsets.UTF_8);
        blobs.put(Digest.of(layer).toString(), layer);
        blobs.put(Digest.of(config).toString(), config);
        manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
                + Digest.of(config) + "\",\"size\":" + config.length + "},"
                + "\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\""
                + Digest.of(layer) + "\",\"size\":" + layer.length + "}]}").getBytes(StandardCharsets.UTF_8);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v2/", this::handle);
        server.start();
    }

    /** The image's full reference. */
    String image() {
        return "127.0.0.1:" + server.getAddress().getPort() + "/" + REPOSITORY + ":latest";
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String prefix = "/v2/" + REPOSITORY + "/";
        byte[] body = null;
        String type = "application/json";
        if (path.equals("/v2/")) {
            body = "{}".getBytes(StandardCharsets.UTF_8);
        } else if (path.equals(prefix + "manifests/latest") || path.equals(prefix + "manifests/" + Digest.of(manifest))) {
            body = manifest;
            type = OCI_MANIFEST;
            ex.getResponseHeaders().add("Docker-Content-Digest", Digest.of(manifest).toString());
        } else if (path.startsWith(prefix + "blobs/")) {
            body = blobs.get(path.substring((prefix + "blobs/").length()));
            type = "application/octet-stream";
        }
        if (body == null) {
            ex.sendResponseHeaders(404, -1);
            ex.close();
            return;
        }
        ex.getResponseHeaders().add("Content-Type", type);
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(200, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
        ex.close();
    }

    private static byte[] layerTar() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            TarArchiveEntry dir = new TarArchiveEntry("bin/");
            tar.putArchiveEntry(dir);
            tar.closeArchiveEntry();
            byte[] content = "#!/bin/sh\n".getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry file = new TarArchiveEntry("bin/app");
            file.setMode(0100755);
            file.setSize(content.length);
            tar.putArchiveEntry(file);
            tar.write(content);
            tar.closeArchiveEntry();
            TarArchiveEntry link = new TarArchiveEntry("bin/sh", TarArchiveEntry.LF_SYMLINK);
            link.setLinkName("app");
            tar.putArchiveEntry(link);
            tar.closeArchiveEntry();
            TarArchiveEntry whiteout = new TarArchiveEntry("etc/.wh.gone");
            tar.putArchiveEntry(whiteout);
            tar.closeArchiveEntry();
            tar.finish();
        }
        return out.toByteArray();
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

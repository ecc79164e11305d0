package dev.skiff.runtime.registry;

import dev.skiff.oci.digest.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Blob upload: a cross-repository mount when another repository of the registry holds the blob,
 * else one monolithic PUT, or PATCHes of one chunk each when the blob is large or the registry
 * refuses the monolithic PUT.
 */
final class BlobUploader {
    /** How a blob reached the registry. */
    enum Outcome { MOUNTED, MONOLITHIC, CHUNKED }

    static final long MONOLITHIC_LIMIT = 32L << 20;
    static final int CHUNK_SIZE = 16 << 20;

    private final RegistryClient client;
    private final long monolithicLimit;
    private final int chunkSize;

    BlobUploader(RegistryClient client) {
        this(client, MONOLITHIC_LIMIT, CHUNK_SIZE);
    }

    BlobUploader(RegistryClient client, long monolithicLimit, int chunkSize) {
        this.client = client;
        this.monolithicLimit = monolithicLimit;
        this.chunkSize = chunkSize;
    }

    /**
     * Uploads {@code file} as blob {@code digest} of {@code repo}; {@code from} names a repository of
     * the same registry that may hold it already (mounted then, without sending a byte), or is null.
     */
    Outcome upload(String repo, Digest digest, Path file, String from) throws IOException, InterruptedException {
        String what = "blob " + digest;
        URI session = null;
        if (from != null && !from.equals(repo)) {
            session = mountOrOpen(repo, digest, from, what);
            if (session == null) {
                return Outcome.MOUNTED;
            }
        }
        if (session == null) {
            session = start(repo, what);
        }
        long size = Files.size(file);
        if (size <= monolithicLimit) {
            HttpResponse<InputStream> r = client.call("PUT", withDigest(session, digest),
                    HttpRequest.BodyPublishers.ofFile(file), "application/octet-stream", repo, what);
            if (r.statusCode() == 201) {
                client.expect(r, 201, what + ": upload");
                return Outcome.MONOLITHIC;
            }
            if (r.statusCode() >= 500 || r.statusCode() < 400) {
                client.expect(r, 201, what + ": upload");
            }
            // refused as one request: the session may be spent, so chunks go to a fresh one
            r.body().close();
            session = start(repo, what);
        }
        chunked(repo, digest, file, size, session, what);
        return Outcome.CHUNKED;
    }

    /**
     * Asks the registry to mount blob {@code digest} of repository {@code from} into {@code repo};
     * true when it did. An upload session the registry opens instead is left to expire.
     */
    boolean mount(String repo, Digest digest, String from) throws IOException, InterruptedException {
        return !from.equals(repo) && mountOrOpen(repo, digest, from, "blob " + digest) == null;
    }

    /** A mount request: null when the registry mounted the blob, else the upload session it opened. */
    private URI mountOrOpen(String repo, Digest digest, String from, String what)
            throws IOException, InterruptedException {
        URI mount = client.relative("/v2/" + repo + "/blobs/uploads/?mount=" + digest + "&from=" + from);
        HttpResponse<InputStream> r = client.call("POST", mount, HttpRequest.BodyPublishers.noBody(), null,
                List.of(), "repository:" + repo + ":pull,push repository:" + from + ":pull", what);
        if (r.statusCode() == 201) {
            client.expect(r, 201, what + ": mount from `" + from + "`");
            return null;
        }
        // 202: the registry could not mount and opened an ordinary upload session instead
        client.expect(r, 202, what + ": mount from `" + from + "`");
        return location(r, what);
    }

    /** PATCHes the file in chunks with their {@code Content-Range}, then closes the session with the digest. */
    private void chunked(String repo, Digest digest, Path file, long size, URI session, String what)
            throws IOException, InterruptedException {
        byte[] buf = new byte[(int) Math.min(chunkSize, Math.max(size, 1))];
        URI current = session;
        try (InputStream in = Files.newInputStream(file)) {
            long offset = 0;
            while (offset < size) {
                int n = in.readNBytes(buf, 0, (int) Math.min(buf.length, size - offset));
                if (n <= 0) {
                    throw new IOException(what + ": `" + file + "` ended at " + offset + " of " + size + " bytes");
                }
                String range = offset + "-" + (offset + n - 1);
                HttpResponse<InputStream> r = client.call("PATCH", current,
                        HttpRequest.BodyPublishers.ofByteArray(buf, 0, n), "application/octet-stream",
                        List.of("Content-Range", range), "repository:" + repo + ":pull,push", what);
                URI next = r.statusCode() == 202 ? location(r, what) : null;
                client.expect(r, 202, what + ": chunk " + range);
                current = next;
                offset += n;
            }
        }
        HttpResponse<InputStream> done = client.call("PUT", withDigest(current, digest),
                HttpRequest.BodyPublishers.noBody(), "application/octet-stream", repo, what);
        client.expect(done, 201, what + ": finish chunked upload");
    }

    private URI start(String repo, String what) throws IOException, InterruptedException {
        HttpResponse<InputStream> r = client.call("POST", client.relative("/v2/" + repo + "/blobs/uploads/"),
                HttpRequest.BodyPublishers.noBody(), null, repo, what);
        URI session = r.statusCode() == 202 ? location(r, what) : null;
        client.expect(r, 202, what + ": start upload");
        return session;
    }

    /** The upload session a response names, refused when it points to another host. */
    private URI location(HttpResponse<InputStream> r, String what) throws IOException, InterruptedException {
        String location = r.headers().firstValue("Location")
                .orElseThrow(() -> new RegistryException(client.registry(), what + ": upload session without a Location"));
        URI base = client.relative("/");
        URI session = base.resolve(location);
        if (session.getAuthority() == null || !session.getAuthority().equals(base.getAuthority())) {
            throw new RegistryException(client.registry(), what + ": upload session on another host `"
                    + session.getAuthority() + "`");
        }
        return session;
    }

    private static URI withDigest(URI session, Digest digest) {
        return URI.create(session + (session.getRawQuery() == null ? "?" : "&") + "digest=" + digest);
    }
}

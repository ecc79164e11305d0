package dev.skiff.runtime.registry;

import dev.skiff.oci.digest.Digest;
import dev.skiff.oci.image.Descriptor;
import dev.skiff.oci.image.MediaType;
import dev.skiff.oci.json.DocumentTooLargeException;
import dev.skiff.oci.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.LongConsumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

/**
 * A client of one registry (Docker Registry v2 / OCI distribution API): ping, manifests by tag
 * or digest, blobs streamed with digest and size checks, following redirects without leaking
 * credentials to other hosts.
 */
public final class RegistryClient {
    /** Every manifest type skiff can use, as the Accept header lists them. */
    static final String ACCEPT = String.join(", ", MediaType.OCI_MANIFEST, MediaType.OCI_INDEX,
            MediaType.DOCKER_MANIFEST, MediaType.DOCKER_MANIFEST_LIST);
    private static final int MAX_REDIRECTS = 5;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** A fetched manifest or index: its bytes, media type and digest. */
    public record FetchedManifest(byte[] bytes, String mediaType, Digest digest) {}

    private final String registry;
    private final String apiHost;
    private final boolean insecure;
    private final HttpClient http;
    private final HttpClient probe;
    private final RegistryAuthenticator auth;
    private String scheme;

    /**
     * @param registry    host[:port] as users write it ({@code docker.io} is served by registry-1)
     * @param tlsVerify   false to accept any certificate
     * @param insecure    true to allow plain HTTP when TLS fails
     * @param credentials credentials, or null for anonymous access
     */
    public RegistryClient(String registry, boolean tlsVerify, boolean insecure, Credentials credentials, String home) {
        this(registry, tlsVerify, insecure, credentials, home, Duration.ofSeconds(5));
    }

    RegistryClient(String registry, boolean tlsVerify, boolean insecure, Credentials credentials, String home,
                   Duration tlsProbeTimeout) {
        this.registry = registry;
        this.apiHost = registry.equals("docker.io") ? "registry-1.docker.io" : registry;
        this.insecure = insecure;
        SSLContext tls = TlsSettings.context(registry, tlsVerify && !insecure, TlsSettings.defaultCertDirs(home));
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(30))
                .followRedirects(HttpClient.Redirect.NEVER)
                .sslContext(tls)
                .build();
        // a plain-HTTP server may sit silent on a TLS hello: when plain HTTP is allowed, try TLS only briefly
        this.probe = HttpClient.newBuilder()
                .connectTimeout(tlsProbeTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .sslContext(tls)
                .build();
        this.auth = new RegistryAuthenticator(registry, http, credentials);
    }

    /** The registry as users name it. */
    public String registry() {
        return registry;
    }

    /**
     * {@code GET /v2/}: finds the scheme (https, or http when allowed) and the auth challenge.
     * With credentials, also proves them, so `login` fails on a wrong password.
     */
    public synchronized void ping() throws IOException, InterruptedException {
        if (scheme != null) {
            return;
        }
        HttpResponse<Void> r = null;
        if (insecure && hasPort(apiHost)) {
            // one port speaks one protocol: when plain HTTP is allowed and a registry answers it there,
            // a TLS attempt (costly to set up) cannot succeed
            try {
                r = send(probe, "http", "/v2/", null);
            } catch (IOException e) {
                // not plain HTTP: TLS next
            }
            if (r != null && (r.statusCode() == 200 || r.statusCode() == 401)) {
                scheme = "http";
            }
        }
        if (scheme == null) {
            try {
                r = send(insecure ? probe : http, "https", "/v2/", null);
                scheme = "https";
            } catch (IOException e) {
                if (!insecure) {
                    throw new RegistryException(registry, "https://" + apiHost + "/v2/: " + describe(e)
                            + (e instanceof SSLException ? " (for a plain-HTTP registry use --tls-verify=false or "
                            + "insecure = true in registries.conf)" : ""), 0, e);
                }
                if (r == null) {
                    try {
                        r = send(http, "http", "/v2/", null);
                    } catch (IOException e2) {
                        throw new RegistryException(registry, "http://" + apiHost + "/v2/: " + describe(e2), 0, e2);
                    }
                }
                scheme = "http";
            }
        }
        if (r.statusCode() == 401) {
            if (!auth.learn(r.headers().firstValue("WWW-Authenticate").orElse(""))) {
                throw new RegistryException(registry, "asks for an authentication scheme skiff does not speak: "
                        + r.headers().firstValue("WWW-Authenticate").orElse("(none)"), 401, null);
            }
        } else if (r.statusCode() != 200) {
            throw new RegistryException(registry, "/v2/ answered " + r.statusCode() + ": not a container registry",
                    r.statusCode(), null);
        }
    }

    private static boolean hasPort(String host) {
        int colon = host.lastIndexOf(':');
        return colon > host.lastIndexOf(']');
    }

    /** Checks the credentials this client holds; throws naming the user when they are refused. */
    public void verifyLogin() throws IOException, InterruptedException {
        ping();
        if (!auth.required()) {
            return;
        }
        HttpResponse<Void> r = send(http, scheme, "/v2/", auth.header(""));
        if (r.statusCode() == 401 || r.statusCode() == 403) {
            throw new RegistryException(registry, "authentication failed: invalid username or password", 401, null);
        }
    }

    /** {@code GET /v2/REPO/manifests/REF}, read with a size cap and checked against a digest REF. */
    public FetchedManifest manifest(String repo, String reference) throws IOException, InterruptedException {
        String what = "manifest `" + repo + (reference.startsWith("sha256:") ? "@" : ":") + reference + "`";
        HttpResponse<InputStream> r = get("GET", repo, "/v2/" + repo + "/manifests/" + reference, ACCEPT, what);
        byte[] bytes;
        try (InputStream in = r.body()) {
            bytes = Json.readAllBounded(in, Json.MAX_DOCUMENT, what);
        } catch (DocumentTooLargeException e) {
            throw new RegistryException(registry, e.getMessage(), 0, e);
        }
        Digest digest = Digest.of(bytes);
        if (reference.startsWith("sha256:") && !digest.toString().equals(reference)) {
            throw new RegistryException(registry, what + ": content has digest " + digest + ", expected " + reference);
        }
        String type = r.headers().firstValue("Content-Type").orElse("");
        int semi = type.indexOf(';');
        return new FetchedManifest(bytes, (semi < 0 ? type : type.substring(0, semi)).strip(), digest);
    }

    /**
     * {@code HEAD /v2/REPO/manifests/REF}: the digest the registry names for the manifest (or index),
     * from its {@code Docker-Content-Digest} header, else from the manifest's bytes.
     */
    public Digest manifestDigest(String repo, String reference) throws IOException, InterruptedException {
        String what = "manifest `" + repo + (reference.startsWith("sha256:") ? "@" : ":") + reference + "`";
        HttpResponse<InputStream> r = get("HEAD", repo, "/v2/" + repo + "/manifests/" + reference, ACCEPT, what);
        r.body().close();
        String header = r.headers().firstValue("Docker-Content-Digest").orElse(null);
        if (header == null) {
            return manifest(repo, reference).digest();
        }
        try {
            return Digest.parse(header.strip());
        } catch (IllegalArgumentException e) {
            throw new RegistryException(registry, what + ": Docker-Content-Digest header: " + e.getMessage(), 0, e);
        }
    }

    /** A small blob (a config) in memory, verified against {@code d}. */
    public byte[] smallBlob(String repo, Descriptor d, long cap) throws IOException, InterruptedException {
        String what = "blob " + d.digest();
        if (d.size() > cap) {
            throw new RegistryException(registry, what + ": size " + d.size() + " exceeds the limit of " + cap + " bytes");
        }
        try (BlobStream in = openBlob(repo, d, n -> { })) {
            byte[] bytes = in.readNBytes((int) d.size());
            in.finish(); // refuses a blob longer or shorter than its descriptor says, or of another digest
            return bytes;
        }
    }

    /**
     * Opens a blob's download: the stream verifies its size and digest as it arrives, and a
     * transfer failure or a mismatch reaches the reader as a {@link RegistryException}.
     */
    BlobStream openBlob(String repo, Descriptor d, LongConsumer progress) throws IOException, InterruptedException {
        String what = "blob " + d.digest();
        HttpResponse<InputStream> r = get("GET", repo, "/v2/" + repo + "/blobs/" + d.digest(), "*/*", what);
        return new BlobStream(r.body(), d, registry, progress);
    }

    /** {@code HEAD /v2/REPO/blobs/DIGEST}: true when the registry has the blob. */
    public boolean blobExists(String repo, Digest digest) throws IOException, InterruptedException {
        HttpResponse<InputStream> r = call("HEAD", relative("/v2/" + repo + "/blobs/" + digest),
                HttpRequest.BodyPublishers.noBody(), null, repo, "blob " + digest);
        r.body().close();
        return r.statusCode() == 200;
    }

    /** {@code PUT /v2/REPO/manifests/TAG}. */
    public void putManifest(String repo, String tag, byte[] manifest, String mediaType)
            throws IOException, InterruptedException {
        String what = "manifest `" + repo + ":" + tag + "`";
        HttpResponse<InputStream> r = call("PUT", relative("/v2/" + repo + "/manifests/" + tag),
                HttpRequest.BodyPublishers.ofByteArray(manifest), mediaType, repo, what);
        expect(r, 201, what + ": upload");
    }

    /** An absolute URI on the registry for {@code path}, after the first ping found the scheme. */
    URI relative(String path) throws IOException, InterruptedException {
        ping();
        return URI.create(scheme + "://" + apiHost + path);
    }

    /** Refuses a response whose status is not {@code status}; otherwise closes its body. */
    void expect(HttpResponse<InputStream> r, int status, String what) {
        if (r.statusCode() != status) {
            String message = RegistryException.bodyMessage(r);
            throw new RegistryException(registry, what + ": registry answered " + r.statusCode() + message,
                    r.statusCode(), null);
        }
        try {
            r.body().close();
        } catch (IOException e) {
            // the response is complete; nothing is lost
        }
    }

    /** One push request in {@code repo}'s push scope, answering a 401 challenge once. */
    HttpResponse<InputStream> call(String method, URI uri, HttpRequest.BodyPublisher body, String contentType,
                                   String repo, String what) throws IOException, InterruptedException {
        return call(method, uri, body, contentType, List.of(), "repository:" + repo + ":pull,push", what);
    }

    /**
     * One request with {@code headers} (name, value pairs) in {@code scope} (space-separated scopes),
     * answering a 401 challenge once.
     */
    HttpResponse<InputStream> call(String method, URI uri, HttpRequest.BodyPublisher body, String contentType,
                                   List<String> headers, String scope, String what)
            throws IOException, InterruptedException {
        for (int attempt = 0; ; attempt++) {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(10)).method(method, body);
            String authorization = auth.header(scope);
            if (authorization != null) {
                b.header("Authorization", authorization);
            }
            if (contentType != null) {
                b.header("Content-Type", contentType);
            }
            for (int i = 0; i + 1 < headers.size(); i += 2) {
                b.header(headers.get(i), headers.get(i + 1));
            }
            HttpResponse<InputStream> r;
            try {
                r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
                throw new RegistryException(registry, what + ": " + describe(e), 0, e);
            }
            if (r.statusCode() == 401 && attempt == 0) {
                r.body().close();
                auth.reset();
                if (auth.learn(r.headers().firstValue("WWW-Authenticate").orElse(""))) {
                    continue;
                }
            }
            if (r.statusCode() == 401 || r.statusCode() == 403) {
                throw new RegistryException(registry, what + ": " + (auth.hasCredentials() ? "access denied"
                        : "authentication required") + RegistryException.bodyMessage(r), r.statusCode(), null);
            }
            return r;
        }
    }

    private HttpResponse<InputStream> get(String method, String repo, String path, String accept, String what)
            throws IOException, InterruptedException {
        ping();
        String scope = "repository:" + repo + ":pull";
        URI uri = URI.create(scheme + "://" + apiHost + path);
        for (int attempt = 0; ; attempt++) {
            String authorization = auth.header(scope);
            HttpResponse<InputStream> r = follow(method, uri, accept, authorization, what);
            int status = r.statusCode();
            if (status == 200) {
                return r;
            }
            String message = RegistryException.bodyMessage(r);
            if (status == 401 && attempt == 0) {
                // a token may have expired, or the first challenge came with a request, not the ping
                auth.reset();
                if (auth.learn(r.headers().firstValue("WWW-Authenticate").orElse(""))) {
                    continue;
                }
            }
            throw switch (status) {
                case 404 -> new RegistryException(registry, what + ": not found", 404, null);
                case 401, 403 -> new RegistryException(registry, what + ": " + (auth.hasCredentials()
                        ? "access denied" : "authentication required") + message, status, null);
                case 429 -> new RegistryException(registry, what + ": too many requests" + message, status, null);
                default -> new RegistryException(registry, what + ": registry answered " + status + message, status, null);
            };
        }
    }

    private HttpResponse<InputStream> follow(String method, URI uri, String accept, String authorization, String what)
            throws IOException, InterruptedException {
        URI current = uri;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpRequest.Builder b = HttpRequest.newBuilder(current).timeout(TIMEOUT).header("Accept", accept)
                    .method(method, HttpRequest.BodyPublishers.noBody());
            // credentials go only to the registry itself, never to the storage a blob redirects to
            if (authorization != null && current.getAuthority().equals(uri.getAuthority())) {
                b.header("Authorization", authorization);
            }
            HttpResponse<InputStream> r;
            try {
                r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
                throw new RegistryException(registry, what + ": " + describe(e), 0, e);
            }
            int s = r.statusCode();
            if (s == 301 || s == 302 || s == 303 || s == 307 || s == 308) {
                String location = r.headers().firstValue("Location").orElse(null);
                r.body().close();
                if (location == null) {
                    throw new RegistryException(registry, what + ": redirect without a Location");
                }
                current = current.resolve(location);
                if (!List.of("https", "http").contains(current.getScheme())
                        || (current.getScheme().equals("http") && uri.getScheme().equals("https"))) {
                    throw new RegistryException(registry, what + ": refused redirect to " + current.getScheme() + " URL");
                }
                continue;
            }
            return r;
        }
        throw new RegistryException(registry, what + ": more than " + MAX_REDIRECTS + " redirects");
    }

    private HttpResponse<Void> send(HttpClient client, String useScheme, String path, String authorization)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(useScheme + "://" + apiHost + path))
                .timeout(TIMEOUT).GET();
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.discarding());
    }

    static String describe(Throwable e) {
        String msg = e.getMessage();
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        if (e instanceof java.net.http.HttpTimeoutException) {
            return "timed out";
        }
        return msg == null || msg.isBlank() ? e.getClass().getSimpleName() : msg;
    }
}

package dev.skiff.runtime.registry;

import dev.skiff.oci.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Answers a registry's {@code WWW-Authenticate} challenge: Basic with the user's credentials,
 * or Bearer by fetching a token for the repository's scope from the realm (anonymously or with
 * credentials), as Docker Hub and most registries require.
 */
final class RegistryAuthenticator {
    private static final long MAX_TOKEN_RESPONSE = 1L << 20;

    private final String registry;
    private final HttpClient http;
    private final Credentials credentials;
    private final Map<String, String> tokens = new HashMap<>();
    private AuthChallenge challenge;

    RegistryAuthenticator(String registry, HttpClient http, Credentials credentials) {
        this.registry = registry;
        this.http = http;
        this.credentials = credentials;
    }

    /** Learns the challenge of a 401 response; false when it offers no scheme skiff speaks. */
    synchronized boolean learn(String wwwAuthenticate) {
        for (AuthChallenge c : AuthChallenge.parse(wwwAuthenticate)) {
            if (c.scheme().equals("bearer") || c.scheme().equals("basic")) {
                challenge = c;
                return true;
            }
        }
        return false;
    }

    /** True once the registry asked for authentication. */
    synchronized boolean required() {
        return challenge != null;
    }

    /** True when credentials were given. */
    boolean hasCredentials() {
        return credentials != null;
    }

    /** The Authorization header for a request in {@code scope}, or null when none is needed. */
    synchronized String header(String scope) throws IOException, InterruptedException {
        if (challenge == null) {
            return null;
        }
        if (challenge.scheme().equals("basic")) {
            return credentials == null ? null : "Basic " + credentials.authField();
        }
        String token = tokens.get(scope);
        if (token == null) {
            token = fetchToken(scope);
            tokens.put(scope, token);
        }
        return "Bearer " + token;
    }

    /** Forgets cached tokens, e.g. after one was refused. */
    synchronized void reset() {
        tokens.clear();
    }

    private String fetchToken(String scope) throws IOException, InterruptedException {
        String realm = challenge.param("realm");
        if (realm.isEmpty()) {
            throw new RegistryException(registry, "Bearer challenge without a realm");
        }
        StringBuilder q = new StringBuilder();
        if (!challenge.param("service").isEmpty()) {
            q.append("service=").append(enc(challenge.param("service")));
        }
        if (scope != null && !scope.isEmpty()) {
            // several scopes (a cross-repository mount reads one repository and writes another) go as repeated parameters
            for (String one : scope.split(" ")) {
                q.append(q.isEmpty() ? "" : "&").append("scope=").append(enc(one));
            }
        }
        if (credentials != null) {
            q.append(q.isEmpty() ? "" : "&").append("account=").append(enc(credentials.user()));
        }
        URI uri;
        try {
            uri = URI.create(realm + (q.isEmpty() ? "" : (realm.contains("?") ? "&" : "?") + q));
        } catch (IllegalArgumentException e) {
            throw new RegistryException(registry, "token realm `" + realm + "`: " + e.getMessage());
        }
        if (!uri.getScheme().equals("https") && !uri.getScheme().equals("http")) {
            throw new RegistryException(registry, "token realm `" + realm + "`: not an http(s) URL");
        }
        HttpRequest.Builder rb = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET();
        if (credentials != null) {
            rb.header("Authorization", "Basic " + credentials.authField());
        }
        HttpResponse<InputStream> r = http.send(rb.build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = r.body()) {
            if (r.statusCode() == 401 || r.statusCode() == 403) {
                throw new RegistryException(registry, credentials != null
                        ? "authentication failed for user `" + credentials.user() + "`: invalid username or password"
                        : "token service refused anonymous access (" + r.statusCode() + ")", r.statusCode(), null);
            }
            if (r.statusCode() != 200) {
                throw new RegistryException(registry, "token service " + uri.getHost() + " answered " + r.statusCode(),
                        r.statusCode(), null);
            }
            Map<?, ?> doc = Json.read(Json.readAllBounded(body, MAX_TOKEN_RESPONSE, "token response"), Map.class);
            for (String key : List.of("token", "access_token")) {
                if (doc.get(key) instanceof String s && !s.isEmpty()) {
                    return s;
                }
            }
            throw new RegistryException(registry, "token service " + uri.getHost() + " returned no token");
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}

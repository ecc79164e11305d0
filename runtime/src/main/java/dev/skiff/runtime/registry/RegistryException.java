package dev.skiff.runtime.registry;

import dev.skiff.runtime.SkiffException;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;

/** A registry refused or failed a request; the message names the registry and the object. */
public final class RegistryException extends SkiffException {
    private final int status;

    RegistryException(String registry, String message, int status, Throwable cause) {
        super("registry " + registry + ": " + message, cause);
        this.status = status;
    }

    RegistryException(String registry, String message) {
        this(registry, message, 0, null);
    }

    /** The HTTP status that caused this, or 0 when none did. */
    public int status() {
        return status;
    }

    /** True when the object (manifest, repository) does not exist there. */
    public boolean notFound() {
        return status == 404;
    }

    /** The {@code message} of a registry's JSON error body as " (message)", or "" when it has none. */
    static String bodyMessage(HttpResponse<InputStream> r) {
        try (InputStream in = r.body()) {
            byte[] body = in.readNBytes(4096);
            String s = new String(body, java.nio.charset.StandardCharsets.UTF_8);
            int m = s.indexOf("\"message\":\"");
            if (m >= 0) {
                int end = s.indexOf('"', m + 11);
                return end > m ? " (" + s.substring(m + 11, end) + ")" : "";
            }
            return "";
        } catch (IOException e) {
            return "";
        }
    }
}

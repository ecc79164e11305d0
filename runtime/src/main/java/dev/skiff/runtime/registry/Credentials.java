package dev.skiff.runtime.registry;

import dev.skiff.runtime.SkiffException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A user name and password for a registry.
 *
 * @param user     the user name
 * @param password the password or token
 */
public record Credentials(String user, String password) {
    /** Parses {@code USER:PASS} as {@code --creds} takes it. */
    public static Credentials parse(String userColonPass) {
        int colon = userColonPass.indexOf(':');
        if (colon <= 0) {
            throw new SkiffException("--creds: expected USERNAME:PASSWORD");
        }
        return new Credentials(userColonPass.substring(0, colon), userColonPass.substring(colon + 1));
    }

    /** Decodes the {@code auth} field of auth.json: base64 of {@code user:pass}; null when malformed. */
    static Credentials fromAuthField(String auth) {
        try {
            String s = new String(Base64.getDecoder().decode(auth.strip()), StandardCharsets.UTF_8);
            int colon = s.indexOf(':');
            return colon <= 0 ? null : new Credentials(s.substring(0, colon), s.substring(colon + 1));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The {@code auth} field of auth.json, also the value of a Basic Authorization header. */
    String authField() {
        return Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "Credentials[" + user + "]"; // never the password
    }
}

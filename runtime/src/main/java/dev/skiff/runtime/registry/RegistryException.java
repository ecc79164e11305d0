package dev.skiff.runtime.registry;

import dev.skiff.runtime.SkiffException;

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
}

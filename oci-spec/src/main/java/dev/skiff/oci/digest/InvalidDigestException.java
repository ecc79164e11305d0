package dev.skiff.oci.digest;

/** A string that is not a digest skiff accepts: `sha256:` followed by 64 lowercase hex digits. */
public final class InvalidDigestException extends IllegalArgumentException {
    public InvalidDigestException(String message) {
        super(message);
    }
}

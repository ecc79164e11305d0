package dev.skiff.oci.reference;

/** A string that is not a valid image reference, with the reason in the message. */
public final class InvalidReferenceException extends IllegalArgumentException {
    public InvalidReferenceException(String message) {
        super(message);
    }
}

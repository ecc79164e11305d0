package dev.skiff.oci.json;

/** A JSON document longer than the cap for its kind. */
public final class DocumentTooLargeException extends InvalidDocumentException {
    public DocumentTooLargeException(String message) {
        super(message);
    }
}

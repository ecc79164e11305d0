package dev.skiff.oci.json;

/** A JSON document that is malformed, too large, too deep, or not the expected shape. */
public class InvalidDocumentException extends IllegalArgumentException {
    public InvalidDocumentException(String message) {
        super(message);
    }

    public InvalidDocumentException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.skiff.runtime.archive;

import java.io.IOException;

/** A tar stream or archive refused: an entry escapes, a limit is exceeded, or the format is broken. */
public final class InvalidArchiveException extends IOException {
    public InvalidArchiveException(String message) {
        super(message);
    }

    public InvalidArchiveException(String message, Throwable cause) {
        super(message, cause);
    }
}

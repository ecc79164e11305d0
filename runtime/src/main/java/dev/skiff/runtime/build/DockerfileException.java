package dev.skiff.runtime.build;

import dev.skiff.runtime.SkiffException;

/** A Dockerfile that cannot be built as written; the message names the file and line. */
public final class DockerfileException extends SkiffException {
    public DockerfileException(String message) {
        super(message);
    }
}

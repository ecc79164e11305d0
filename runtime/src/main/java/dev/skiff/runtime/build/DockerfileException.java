package dev.skiff.runtime.build;

import dev.skiff.runtime.SkiffException;

/** A Dockerfile that cannot be parsed: the file and line, what is wrong there and how to fix it. */
public final class DockerfileException extends SkiffException {
    private final String file;
    private final int line;

    /** {@code <file>:<line>: <problem>; <fix>}. */
    public DockerfileException(String file, int line, String problem, String fix) {
        super(file + ":" + line + ": " + problem + "; " + fix);
        this.file = file;
        this.line = line;
    }

    /** {@code <file>:<line>: <message>}, for what a build step finds wrong (the message says the fix). */
    public DockerfileException(String file, int line, String message, Throwable cause) {
        super(file + ":" + line + ": " + message, cause);
        this.file = file;
        this.line = line;
    }

    /** The name the Dockerfile was parsed under. */
    public String file() {
        return file;
    }

    /** The 1-based line where the faulty instruction starts. */
    public int line() {
        return line;
    }
}

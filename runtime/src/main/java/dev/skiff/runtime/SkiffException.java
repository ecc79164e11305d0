package dev.skiff.runtime;

/** A failure to report to the user as one line, with the exit code skiff ends with. */
public class SkiffException extends RuntimeException {
    /** skiff's own error: bad input, unknown image, a failed operation. */
    public static final int EXIT_SKIFF = 125;
    /** The command exists but cannot be executed. */
    public static final int EXIT_CANNOT_EXECUTE = 126;
    /** The command was not found. */
    public static final int EXIT_NOT_FOUND = 127;

    private final int exitCode;

    public SkiffException(String message) {
        this(message, EXIT_SKIFF, null);
    }

    public SkiffException(String message, Throwable cause) {
        this(message, EXIT_SKIFF, cause);
    }

    public SkiffException(String message, int exitCode, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}

package dev.skiff.runtime.build;

import dev.skiff.runtime.SkiffException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** The build context cannot give what was asked: a source outside it or absent, a bad ignore file, a read error. */
public final class BuildContextException extends SkiffException {
    public BuildContextException(String message) {
        super(message);
    }

    public BuildContextException(String message, Throwable cause) {
        super(message, cause);
    }

    /** SOURCE, as written in the Dockerfile, leaves the context by `..` or through a symlink. */
    static BuildContextException outside(String source) {
        return new BuildContextException("COPY source `" + source
                + "` is outside the build context; copy it into the context directory first");
    }

    /** SOURCE, as written in the Dockerfile, names nothing in the context, or only ignored paths. */
    static BuildContextException notFound(String source) {
        return new BuildContextException(
                "COPY source `" + source + "`: no such file or directory in the build context");
    }

    /** The cause of E as the C library words it, without the path Java puts in the message. */
    static String reason(IOException e) {
        return switch (e) {
            case AccessDeniedException x -> "Permission denied";
            case NoSuchFileException x -> "No such file or directory";
            case NotDirectoryException x -> "Not a directory";
            case FileSystemException x when x.getReason() != null -> x.getReason();
            default -> e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        };
    }
}

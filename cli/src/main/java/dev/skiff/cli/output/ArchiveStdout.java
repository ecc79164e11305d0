package dev.skiff.cli.output;

import dev.skiff.runtime.SkiffException;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.function.Consumer;

/** An archive (image, file system, tar stream) written to standard output, never to a terminal. */
public final class ArchiveStdout {
    private ArchiveStdout() {}

    /**
     * Standard output as a stream that reports write errors such as a closed pipe (a PrintStream
     * hides them), unbuffered and left open; refused with REFUSAL when it is a terminal.
     */
    public static OutputStream open(String refusal) {
        if (System.console() != null && System.console().isTerminal()) {
            throw new SkiffException(refusal);
        }
        return new FileOutputStream(FileDescriptor.out);
    }

    /** BODY writes to standard output, buffered, then flushed; a failed write is an error naming WHAT. */
    public static void write(String refusal, String what, Consumer<OutputStream> body) {
        OutputStream stdout = new BufferedOutputStream(open(refusal), 64 * 1024);
        body.accept(stdout);
        try {
            stdout.flush();
        } catch (IOException e) {
            throw new SkiffException(what + ": " + e.getMessage(), e);
        }
    }
}

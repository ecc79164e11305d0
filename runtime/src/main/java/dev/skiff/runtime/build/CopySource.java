package dev.skiff.runtime.build;

import dev.skiff.runtime.sys.SafeDir;
import java.io.IOException;

/** One source of a COPY or ADD, and how it reaches the destination. */
interface CopySource {
    /** Whether its contents go into a directory (a directory or an archive), not one file. */
    boolean directory();

    /** Its file name, for a destination directory. */
    String name();

    /**
     * Writes it into ROOT: into the directory DEST when INTO_DIR (DEST exists then), else as the
     * file DEST (its parent exists), owned as A says.
     */
    void copy(SafeDir root, String dest, boolean intoDir, CopyStep.Attributes a) throws IOException;
}

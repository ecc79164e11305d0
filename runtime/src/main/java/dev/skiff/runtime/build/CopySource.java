package dev.skiff.runtime.build;

import dev.skiff.runtime.sys.SafeDir;
import java.io.IOException;

/** One source of a COPY or ADD, and how it reaches the destination. */
interface CopySource {
    /**
     * Writes it into ROOT, owned as A says: its contents into the directory DEST when it is a
     * directory (or an archive ADD unpacks) or when INTO_DIR, else as the file DEST; what is
     * missing on the way is made by {@link CopyStep#destination}.
     */
    void copy(SafeDir root, String dest, boolean intoDir, CopyStep.Attributes a) throws IOException;
}

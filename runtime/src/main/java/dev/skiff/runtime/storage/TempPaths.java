package dev.skiff.runtime.storage;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * New, private directories and files with unique names (PREFIX, random hex, SUFFIX), as
 * Files.createTempDirectory and createTempFile make them: directories 0700, files 0600. Those
 * seed a SecureRandom on first use, a tenth of a short command such as `skiff run -d`; the names
 * need only be unique, and creation fails rather than reuse one that exists.
 */
public final class TempPaths {
    private static final FileAttribute<Set<PosixFilePermission>> DIRECTORY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
    private static final FileAttribute<Set<PosixFilePermission>> FILE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    private TempPaths() {}

    /** A new directory PREFIX + random hex in PARENT, which must exist. */
    public static Path directory(Path parent, String prefix) throws IOException {
        while (true) {
            try {
                return Files.createDirectory(parent.resolve(prefix + random()), DIRECTORY);
            } catch (FileAlreadyExistsException e) {
                // that name is taken: draw another
            }
        }
    }

    /** A new empty file PREFIX + random hex + SUFFIX in PARENT, which must exist. */
    public static Path file(Path parent, String prefix, String suffix) throws IOException {
        while (true) {
            try {
                return Files.createFile(parent.resolve(prefix + random() + suffix), FILE);
            } catch (FileAlreadyExistsException e) {
                // that name is taken: draw another
            }
        }
    }

    private static String random() {
        return Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
    }
}

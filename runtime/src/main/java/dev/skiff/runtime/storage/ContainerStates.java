package dev.skiff.runtime.storage;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The state records of the store's containers: `containers/<id>/state`, a {@link FieldFile}. */
public final class ContainerStates {
    /** File name of a container's state record inside its directory. */
    public static final String FILE = "state";

    private ContainerStates() {}

    /** Every container's state that can be read now (one being created or removed may be missing). */
    public static List<FieldFile> all(StorePaths paths) throws IOException {
        List<FieldFile> out = new ArrayList<>();
        if (!Files.isDirectory(paths.containers())) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(paths.containers(), Files::isDirectory)) {
            for (Path dir : ds) {
                try {
                    out.add(FieldFile.read(dir.resolve(FILE)));
                } catch (NoSuchFileException e) {
                    // created or removed right now
                }
            }
        }
        return out;
    }
}

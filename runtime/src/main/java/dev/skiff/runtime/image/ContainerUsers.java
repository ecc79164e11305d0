package dev.skiff.runtime.image;

import dev.skiff.runtime.storage.StorePaths;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/** Which containers use an image, read from their {@code containers/<id>/container.properties}. */
final class ContainerUsers {
    static final String STATE_FILE = "container.properties";
    static final String IMAGE_ID_KEY = "imageId";

    private ContainerUsers() {}

    /** The id of a container made from image {@code imageId}, if any. */
    static Optional<String> firstUsing(StorePaths paths, String imageId) throws IOException {
        if (!Files.isDirectory(paths.containers())) {
            return Optional.empty();
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(paths.containers(), Files::isDirectory)) {
            for (Path dir : ds) {
                Path state = dir.resolve(STATE_FILE);
                if (!Files.isRegularFile(state)) {
                    continue;
                }
                Properties p = new Properties();
                try (Reader r = Files.newBufferedReader(state, StandardCharsets.UTF_8)) {
                    p.load(r);
                }
                if (imageId.equals(p.getProperty(IMAGE_ID_KEY))) {
                    return Optional.of(dir.getFileName().toString());
                }
            }
        }
        return Optional.empty();
    }
}

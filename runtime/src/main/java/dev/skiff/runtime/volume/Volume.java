package dev.skiff.runtime.volume;

import dev.skiff.runtime.storage.FieldFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A named volume: a directory of the store ({@code volumes/NAME/_data}) that containers mount
 * and that outlives them, with its labels and driver options.
 *
 * @param name      the volume's name (64 hex digits for an anonymous one)
 * @param dir       {@code volumes/NAME}
 * @param created   when it was created
 * @param labels    KEY=VALUE labels
 * @param options   `--opt` KEY=VALUE driver options (type=tmpfs, o=size=...)
 * @param anonymous made for a container (`-v /path`, the image's VOLUME), removed with it by `rm -v`
 */
public record Volume(String name, Path dir, Instant created, List<String> labels, List<String> options,
                     boolean anonymous) {
    static final String RECORD = "volume";
    private static final String FILLED = "filled";

    /** The directory containers see. */
    public Path mountpoint() {
        return dir.resolve("_data");
    }

    /** A driver option's value: `--opt KEY=VALUE`. */
    public Optional<String> option(String key) {
        return options.stream().filter(o -> o.startsWith(key + "=")).map(o -> o.substring(key.length() + 1)).findFirst();
    }

    /**
     * podman's NeedsCopyUp: true until the first container mounts the volume, which then gets the
     * image's files at that path (when the volume is empty).
     */
    public boolean needsCopyUp() {
        return !Files.exists(dir.resolve(FILLED));
    }

    /** Notes that the first mount happened: the image's files are not copied in again. */
    public void markFilled() throws IOException {
        Files.writeString(dir.resolve(FILLED), "");
    }

    static Optional<Volume> load(Path dir) {
        try {
            FieldFile f = FieldFile.read(dir.resolve(RECORD));
            return Optional.of(new Volume(f.get("name"), dir, Instant.parse(f.get("created")), f.list("labels"),
                    f.list("options"), Boolean.parseBoolean(f.get("anonymous"))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // being created or removed
        }
    }

    FieldFile record() {
        return FieldFile.create().put("name", name).put("created", created.toString()).put("labels", labels)
                .put("options", options).put("anonymous", Boolean.toString(anonymous));
    }
}

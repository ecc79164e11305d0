package dev.skiff.runtime.image;

import dev.skiff.oci.digest.Digest;
import dev.skiff.oci.image.Compression;
import dev.skiff.oci.image.Descriptor;
import dev.skiff.oci.image.ImageConfig;
import dev.skiff.oci.image.MediaType;
import dev.skiff.oci.json.Json;
import dev.skiff.oci.reference.ImageReference;
import dev.skiff.runtime.SkiffException;
import dev.skiff.runtime.storage.StoreLock;
import dev.skiff.runtime.storage.StorePaths;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Images built into skiff, each one static binary (shipped by native-shim as a resource under
 * {@code /dev/skiff/shim/}) in one layer: {@code hello}, and {@code skiff-pause}, which pods' infra
 * containers run. They are built the same way every time, so their ids are stable, and enter the
 * store through {@link ImageImporter} like any load.
 */
public final class EmbeddedImages {
    public static final String HELLO = "localhost/hello:latest";
    /** The image of pods' infra containers: /pause sleeps until SIGTERM. */
    public static final String PAUSE = "localhost/skiff-pause:latest";
    static final String HELLO_RESOURCE = "/dev/skiff/shim/hello";
    private static final String CREATED = "2025-01-01T00:00:00Z";
    private static final String PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private EmbeddedImages() {}

    /** The embedded image {@code ref} means: HELLO, PAUSE, or null for none. */
    static String embedded(ImageReference ref) {
        if (ref.digest().isPresent() || !ref.tag().orElse("").equals(ImageReference.DEFAULT_TAG)) {
            return null;
        }
        for (String name : List.of(HELLO, PAUSE)) {
            String path = name.substring("localhost/".length(), name.indexOf(':'));
            if (ref.toString().equals(name) || (ref.isShortName() && ref.typedPath().equals(path))) {
                return name;
            }
        }
        return null;
    }

    /** Stores embedded image NAME (HELLO or PAUSE) unless it is there already, and returns it. */
    @SuppressWarnings("try") // the lock is held for the whole block
    public static StoredImage ensure(ImageStore store, StorePaths paths, String name) throws IOException {
        try (StoreLock lock = StoreLock.acquire(paths)) {
            ImageSource src = name.equals(PAUSE) ? source(PAUSE, "pause") : helloSource();
            String id = Digest.of(src.config()).hex();
            // another skiff may have stored it meanwhile; importing again would only rewrite the same files
            StoredImage existing = store.resolveStoredWithName(id, name);
            if (existing != null) {
                return existing;
            }
            new ImageImporter(paths, s -> { }, s -> { }).importImage(src);
            return store.stored(id);
        }
    }

    /** The hello image as an import source: deterministic bytes from the embedded binary. */
    static ImageSource helloSource() throws IOException {
        return source(HELLO, "hello");
    }

    /** Image NAME as an import source: the embedded binary PROGRAM as /PROGRAM, its command. */
    private static ImageSource source(String name, String program) throws IOException {
        String resource = "/dev/skiff/shim/" + program;
        byte[] binary;
        try (InputStream in = EmbeddedImages.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new SkiffException("embedded image " + name + ": resource " + resource + " is missing from this build");
            }
            binary = in.readAllBytes();
        }
        byte[] layer = singleFileTar(program, binary);
        Digest diffId = Digest.of(layer);
        ImageConfig config = new ImageConfig(CREATED, null, "amd64", null, "linux",
                new ImageConfig.Config(null, null, List.of(PATH), null, List.of("/" + program), null, null, null, null),
                new ImageConfig.RootFs("layers", List.of(diffId)),
                List.of(new ImageConfig.History(CREATED, "skiff embedded image: /" + program, null, null, null)));
        Descriptor layerDescriptor = Descriptor.of(MediaType.OCI_LAYER, diffId, layer.length);
        return new ImageSource("embedded image " + name, Json.toBytes(config), null, MediaType.OCI_MANIFEST,
                List.of(new ImageSource.Layer(layerDescriptor, Compression.NONE, () -> new ByteArrayInputStream(layer))),
                List.of(name));
    }

    private static byte[] singleFileTar(String name, byte[] content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            TarArchiveEntry e = new TarArchiveEntry(name);
            e.setMode(0100755);
            e.setIds(0, 0);
            e.setUserName("root");
            e.setGroupName("root");
            e.setLastModifiedTime(FileTime.from(Instant.parse(CREATED)));
            e.setSize(content.length);
            tar.putArchiveEntry(e);
            tar.write(content);
            tar.closeArchiveEntry();
            tar.finish();
        }
        return out.toByteArray();
    }
}

package dev.skiff.runtime.image;

import dev.skiff.oci.reference.ImageReference;
import dev.skiff.oci.reference.InvalidReferenceException;
import dev.skiff.runtime.SkiffException;
import dev.skiff.runtime.storage.StoreLock;
import dev.skiff.runtime.storage.StorePaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** `tag` and `untag`: adds names to and removes names from a stored image, under the store lock. */
final class ImageNames {
    private ImageNames() {}

    /** Gives {@code image} each of {@code targets}, short names going under {@code localhost/}. */
    @SuppressWarnings("try") // the lock is held for the whole block
    static void tag(StorePaths paths, StoredImage image, List<String> targets) {
        List<String> names = new ArrayList<>();
        for (String t : targets) {
            names.add(normalize(t));
        }
        try (StoreLock lock = StoreLock.acquire(paths)) {
            checkStillStored(paths, image);
            Path indexFile = paths.images().resolve(NameIndex.FILE);
            NameIndex index = NameIndex.read(indexFile);
            for (String n : names) {
                index.put(n, image.id());
            }
            index.write(indexFile);
        } catch (IOException e) {
            throw new SkiffException("tag image " + image.id() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Removes {@code names} from {@code image}, or every name it has when {@code names} is empty.
     * Nothing changes unless every name belongs to the image.
     */
    @SuppressWarnings("try") // the lock is held for the whole block
    static List<String> untag(StorePaths paths, StoredImage image, List<String> names) {
        List<String> wanted = new ArrayList<>();
        for (String n : names) {
            wanted.add(normalize(n));
        }
        try (StoreLock lock = StoreLock.acquire(paths)) {
            checkStillStored(paths, image);
            Path indexFile = paths.images().resolve(NameIndex.FILE);
            NameIndex index = NameIndex.read(indexFile);
            List<String> current = index.namesOf(image.id());
            if (wanted.isEmpty()) {
                wanted.addAll(current);
            }
            for (String n : wanted) {
                if (!current.contains(n)) {
                    throw new SkiffException(n + ": tag not known");
                }
            }
            wanted.forEach(index::remove);
            index.write(indexFile);
            return wanted;
        } catch (IOException e) {
            throw new SkiffException("untag image " + image.id() + ": " + e.getMessage(), e);
        }
    }

    /** NAME as the store keeps it: a full reference, short names under {@code localhost/}, tag latest by default. */
    static String normalize(String name) {
        ImageReference ref;
        try {
            ref = ImageReference.parseLocal(name);
        } catch (InvalidReferenceException e) {
            throw new SkiffException(e.getMessage(), e);
        }
        if (ref.digest().isPresent()) {
            throw new SkiffException("image name `" + name + "`: a name with a digest cannot be given to an image");
        }
        return ref.toString();
    }

    private static void checkStillStored(StorePaths paths, StoredImage image) {
        if (!Files.isRegularFile(paths.images().resolve(image.id()).resolve(ImageRecord.FILE))) {
            throw new ImageNotKnownException(image.id());
        }
    }
}

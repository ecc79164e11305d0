package dev.skiff.runtime.image;

import dev.skiff.oci.reference.ImageReference;
import java.util.Map;
import java.util.function.Function;

/**
 * Finds which stored name a reference means, as Podman does for local images: a full reference
 * matches exactly; a short name ({@code busybox}, {@code foo/bar:1}) matches
 * {@code localhost/NAME}, then {@code docker.io/…}, then any repository ending in {@code /NAME};
 * a digest reference matches a name of the same repository whose manifest has that digest.
 */
final class ImageLookup {
    private ImageLookup() {}

    /**
     * The stored name {@code ref} means, or null.
     *
     * @param manifestOf the manifest digest ({@code sha256:…}) of an image id
     */
    static String find(NameIndex index, ImageReference ref, Function<String, String> manifestOf) {
        if (ref.digest().isPresent()) {
            String wanted = ref.digest().get().toString();
            for (Map.Entry<String, String> e : index.entries().entrySet()) {
                if (repositoryMatches(ref, repository(e.getKey())) && wanted.equals(manifestOf.apply(e.getValue()))) {
                    return e.getKey();
                }
            }
            return null;
        }
        String tag = ref.tag().orElse(ImageReference.DEFAULT_TAG);
        if (!ref.isShortName()) {
            return index.idOf(ref.toString()) != null ? ref.toString() : null;
        }
        String local = ImageReference.LOCALHOST + "/" + ref.typedPath() + ":" + tag;
        if (index.idOf(local) != null) {
            return local;
        }
        if (index.idOf(ref.toString()) != null) {
            return ref.toString();
        }
        String suffix = "/" + ref.typedPath();
        for (String name : index.entries().keySet()) {
            if (tag(name).equals(tag) && repository(name).endsWith(suffix)) {
                return name;
            }
        }
        return null;
    }

    private static boolean repositoryMatches(ImageReference ref, String repository) {
        if (!ref.isShortName()) {
            return repository.equals(ref.repository());
        }
        return repository.equals(ImageReference.LOCALHOST + "/" + ref.typedPath())
                || repository.equals(ref.repository())
                || repository.endsWith("/" + ref.typedPath());
    }

    /** {@code docker.io/library/busybox} of a stored {@code docker.io/library/busybox:latest}. */
    static String repository(String storedName) {
        int at = storedName.indexOf('@');
        if (at >= 0) {
            return storedName.substring(0, at); // a name pulled by digest: repo@sha256:…
        }
        int colon = storedName.lastIndexOf(':');
        return colon > storedName.lastIndexOf('/') ? storedName.substring(0, colon) : storedName;
    }

    /** {@code latest} of a stored {@code docker.io/library/busybox:latest}; {@code <none>} without a tag. */
    static String tag(String storedName) {
        if (storedName.indexOf('@') >= 0) {
            return "<none>";
        }
        int colon = storedName.lastIndexOf(':');
        return colon > storedName.lastIndexOf('/') ? storedName.substring(colon + 1) : "<none>";
    }

    /** True for 1 to 64 lowercase hex digits. */
    static boolean isHexPrefix(String s) {
        if (s.isEmpty() || s.length() > 64) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }
}

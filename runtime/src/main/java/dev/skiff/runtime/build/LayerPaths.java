package dev.skiff.runtime.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/**
 * Looks a path up in an image's unpacked layers, top first, as overlay would show it, without
 * mounting anything: enough to know whether WORKDIR must create its directory.
 */
final class LayerPaths {
    private LayerPaths() {}

    /**
     * Whether PATH (absolute) exists in the current image of S. A symlink on the way counts as
     * existing: what it leads to is the container's business.
     */
    static boolean exists(StageBuild s, String path) {
        List<String> parts = List.of(path.split("/")).stream().filter(p -> !p.isEmpty()).toList();
        if (parts.isEmpty()) {
            return true;
        }
        List<String> chains = s.b.images.runConfig(s.b.image(s.imageId)).layerChainIds().reversed();
        for (String chain : chains) {
            Path layer = s.b.images.layerDir(chain);
            Path p = layer;
            for (int k = 0; k < parts.size(); k++) {
                String name = parts.get(k);
                p = p.resolve(name);
                if (Files.isSymbolicLink(p)) {
                    return true;
                }
                if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                    break;
                }
                if (isWhiteout(p)) {
                    return false;
                }
                if (k == parts.size() - 1) {
                    return true;
                }
                if (opaque(p)) {
                    return exists(p, parts.subList(k + 1, parts.size()));
                }
            }
        }
        return false;
    }

    /** Below an opaque directory only its own layer counts. */
    private static boolean exists(Path dir, List<String> rest) {
        Path p = dir;
        for (String name : rest) {
            p = p.resolve(name);
            if (Files.isSymbolicLink(p)) {
                return true;
            }
        }
        return Files.exists(p, LinkOption.NOFOLLOW_LINKS) && !isWhiteout(p);
    }

    /** An overlay whiteout: a character device 0/0. */
    private static boolean isWhiteout(Path p) {
        try {
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
            Object mode = Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            Object rdev = Files.getAttribute(p, "unix:rdev", LinkOption.NOFOLLOW_LINKS);
            return (((Integer) mode) & 0170000) == 0020000 && ((Long) rdev) == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean opaque(Path dir) {
        try {
            java.nio.file.attribute.UserDefinedFileAttributeView v = Files.getFileAttributeView(dir,
                    java.nio.file.attribute.UserDefinedFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
            return v != null && v.list().stream().anyMatch(n -> n.endsWith("overlay.opaque"));
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}

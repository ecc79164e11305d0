package dev.skiff.runtime.build;

import dev.skiff.runtime.SkiffException;
import dev.skiff.runtime.container.ContainerDir;
import dev.skiff.runtime.container.ContainerMounts;
import dev.skiff.runtime.container.NetworkOptions;
import dev.skiff.runtime.container.RunOptions;
import dev.skiff.runtime.sys.SafeDir;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * A container that only serves a build step's files: created from an image, its overlay mounted
 * in this command's own mount namespace (gone with it, whatever happens), never started.
 */
final class WorkingContainer implements AutoCloseable {
    /** What a step does to the mounted file system ROOT of container DIR. */
    @FunctionalInterface
    interface Action {
        void apply(SafeDir root, ContainerDir dir) throws IOException;
    }

    private static final NetworkOptions NO_NETWORK = new NetworkOptions("none", List.of(), false, List.of(), List.of());

    private final ImageBuilder b;
    final ContainerDir dir;
    final SafeDir root;

    private WorkingContainer(ImageBuilder b, ContainerDir dir, SafeDir root) {
        this.b = b;
        this.dir = dir;
        this.root = root;
    }

    /** A working container of image ID, mounted. */
    static WorkingContainer open(ImageBuilder b, String imageId) {
        ContainerDir dir = b.runner.create(RunOptions.buildStep(imageId, List.of("/"), List.of(), "/", "", NO_NETWORK,
                List.of()));
        try {
            ContainerMounts.mount(dir, b.paths);
            return new WorkingContainer(b, dir, SafeDir.open(dir.rootfs()));
        } catch (IOException | RuntimeException e) {
            remove(b, dir);
            throw e instanceof IOException io ? new SkiffException("mount the build's working container: "
                    + io.getMessage(), io) : (RuntimeException) e;
        }
    }

    /**
     * Applies ACTION to a working container of S's current image and commits DOC with what it
     * changed as one new layer; returns the new image's id.
     */
    static String withMounted(StageBuild s, Action action, Map<String, Object> doc, String createdBy) {
        try (WorkingContainer w = open(s.b, s.imageId)) {
            try {
                action.apply(w.root, w.dir);
            } catch (IOException e) {
                throw new SkiffException(createdBy.replaceFirst("^/bin/sh -c #\\(nop\\) ", "") + ": " + e.getMessage(), e);
            }
            w.unmount();
            return s.b.commit.commit(doc, s.layerCount, w.dir, createdBy);
        }
    }

    private void unmount() {
        root.close();
        ContainerMounts.unmount(dir);
    }

    @Override
    public void close() {
        try {
            root.close();
        } finally {
            ContainerMounts.unmount(dir);
            remove(b, dir);
        }
    }

    /** Removes a step's container, which never ran. */
    static void remove(ImageBuilder b, ContainerDir dir) {
        b.containers.remove(dir, true);
    }
}

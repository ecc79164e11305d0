package dev.skiff.runtime.build;

import dev.skiff.runtime.SkiffException;
import dev.skiff.runtime.archive.OverlayTrees;
import dev.skiff.runtime.sys.SafeDir;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
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
        List<Path> layers = new ArrayList<>();
        for (String chain : s.b.images.runConfig(s.b.image(s.imageId)).layerChainIds().reversed()) {
            layers.add(s.b.images.layerDir(chain));
        }
        String prefix = "";
        try {
            for (String name : path.split("/")) {
                if (name.isEmpty()) {
                    continue;
                }
                prefix = prefix.isEmpty() ? name : prefix + "/" + name;
                SafeDir.Stat st = OverlayTrees.visibleBelow(prefix, layers);
                if (st == null) {
                    return false;
                }
                if (st.isSymlink()) {
                    return true;
                }
            }
            return true;
        } catch (IOException e) {
            throw new SkiffException("look up " + path + " in the image's layers: " + e.getMessage(), e);
        }
    }
}

package dev.skiff.it.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.it.support.CraftedImages;
import dev.skiff.it.support.Expect;
import dev.skiff.it.support.Fixtures;
import dev.skiff.it.support.LocalRegistry;
import dev.skiff.it.support.Skiff;
import dev.skiff.it.support.TarWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An image of three layers, the top one deleting a file (a whiteout) and replacing a directory's
 * content (an opaque directory), pushed by skopeo and pulled by skiff: the container sees the
 * result of all three.
 */
class WhiteoutPullTest {

    @RegisterExtension
    static final Skiff skiff = new Skiff();

    @RegisterExtension
    static final LocalRegistry registry = LocalRegistry.plain();

    @Test
    void pulledLayers_applyWhiteoutsAndOpaqueDirectories() throws Exception {
        byte[] middle = new TarWriter()
                .file("gone-file", "deleted above\n", 0644)
                .dir("data", 0755, 0, 0)
                .file("data/old", "replaced above\n", 0644)
                .dir("data/sub", 0755, 0, 0)
                .file("data/sub/deep", "replaced above\n", 0644)
                .file("kept", "still here\n", 0640)
                .finish();
        byte[] top = new TarWriter()
                .file(".wh.gone-file", new byte[0], 0644, 0, 0)
                .dir("data", 0755, 0, 0)
                .file("data/.wh..wh..opq", new byte[0], 0644, 0, 0)
                .file("data/new", "from the top layer\n", 0644)
                .finish();
        Path archive = CraftedImages.write(skiff, "layered.tar",
                CraftedImages.dockerArchive(List.of(Fixtures.rootfsLayer(), middle, top)));
        registry.push("docker-archive:" + archive, "layered:1", "v2s2");
        String ref = registry.host() + "/layered:1";

        Expect.exit(skiff.run("pull", "-q", "--tls-verify=false", ref), 0);

        assertThat(Expect.lines(skiff.run("run", "--rm", ref, "sh", "-c",
                "ls -A /data; test -e /gone-file && echo gone-file-present || echo gone-file-absent; "
                        + "cat /kept; stat -c %a /kept")))
                .containsExactly("new", "gone-file-absent", "still here", "640");
    }
}

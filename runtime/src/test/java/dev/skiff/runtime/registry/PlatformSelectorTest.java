package dev.skiff.runtime.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.oci.digest.Digest;
import dev.skiff.oci.image.Descriptor;
import dev.skiff.oci.image.Index;
import dev.skiff.oci.image.MediaType;
import dev.skiff.oci.image.Platform;
import dev.skiff.runtime.SkiffException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlatformSelectorTest {
    private static final Index INDEX = index(
            "linux/arm/v7", "linux/arm64/v8", "linux/amd64", "linux/s390x", "unknown/unknown");

    @Test
    void select_amd64_picksIt() {
        assertThat(platformOf(new PlatformSelector("linux", "amd64", "").select(INDEX, "image x")))
                .isEqualTo("linux/amd64");
    }

    @Test
    void select_arm64_matchesTheImplicitV8() {
        assertThat(platformOf(PlatformSelector.of(null, "arm64", null).select(INDEX, "image x")))
                .isEqualTo("linux/arm64/v8");
    }

    @Test
    void select_platformOption_withVariant() {
        assertThat(platformOf(PlatformSelector.of("linux/arm/v7", null, null).select(INDEX, "image x")))
                .isEqualTo("linux/arm/v7");
    }

    @Test
    void select_missingArchitecture_listsWhatIsAvailable() {
        assertThatThrownBy(() -> PlatformSelector.of(null, "ppc64le", null).select(INDEX, "image x"))
                .isInstanceOf(SkiffException.class)
                .hasMessage("image x: no image for linux/ppc64le in the manifest list; available: "
                        + "linux/arm/v7, linux/arm64/v8, linux/amd64, linux/s390x");
    }

    @Test
    void of_rejectsAMalformedPlatform_andMapsJavaArchNames() {
        assertThatThrownBy(() -> PlatformSelector.of("linux", null, null)).hasMessageContaining("OS/ARCH");
        assertThat(PlatformSelector.goArch("x86_64")).isEqualTo("amd64");
        assertThat(PlatformSelector.goArch("aarch64")).isEqualTo("arm64");
    }

    private static String platformOf(Descriptor d) {
        Platform p = d.platform();
        return p.os() + "/" + p.architecture() + (p.variant() == null ? "" : "/" + p.variant());
    }

    private static Index index(String... platforms) {
        List<Descriptor> ds = new ArrayList<>();
        int i = 0;
        for (String s : platforms) {
            String[] p = s.split("/");
            Platform platform = new Platform(p[1], p[0], null, null, p.length > 2 ? p[2] : null);
            String hex = String.format("%064x", ++i);
            ds.add(new Descriptor(MediaType.OCI_MANIFEST, Digest.ofHex(hex), 100, null, null, platform, null));
        }
        return new Index(2, MediaType.OCI_INDEX, null, ds, null, null);
    }
}

package dev.skiff.runtime.registry;

import dev.skiff.oci.image.Descriptor;
import dev.skiff.oci.image.Index;
import dev.skiff.oci.image.Platform;
import dev.skiff.runtime.SkiffException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Picks the manifest for one platform ({@code os/arch[/variant]}) from an image index or
 * manifest list, as podman does: the host's platform unless the user names another.
 *
 * @param os           e.g. {@code linux}
 * @param architecture e.g. {@code amd64}, in Go's naming
 * @param variant      e.g. {@code v8}, or empty for any
 */
public record PlatformSelector(String os, String architecture, String variant) {
    public PlatformSelector {
        variant = variant == null ? "" : variant;
    }

    /** The host's platform. */
    public static PlatformSelector host() {
        return new PlatformSelector("linux", goArch(System.getProperty("os.arch")), "");
    }

    /**
     * From the {@code --platform}, {@code --arch} and {@code --variant} options (each may be
     * null); the host's values fill what is not given.
     */
    public static PlatformSelector of(String platform, String arch, String variant) {
        PlatformSelector h = host();
        String os = h.os;
        String a = h.architecture;
        String v = "";
        if (platform != null && !platform.isEmpty()) {
            String[] parts = platform.split("/", -1);
            if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
                throw new SkiffException("--platform `" + platform + "`: expected OS/ARCH[/VARIANT]");
            }
            os = parts[0];
            a = parts[1];
            v = parts.length == 3 ? parts[2] : "";
        }
        if (arch != null && !arch.isEmpty()) {
            a = arch;
        }
        if (variant != null && !variant.isEmpty()) {
            v = variant;
        }
        return new PlatformSelector(os, goArch(a), v);
    }

    /** Go's name of a Java {@code os.arch}. */
    static String goArch(String javaArch) {
        return switch (javaArch.toLowerCase(Locale.ROOT)) {
            case "x86_64", "amd64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "x86", "i386", "i686" -> "386";
            default -> javaArch.toLowerCase(Locale.ROOT);
        };
    }

    /** The entry of {@code index} for this platform; {@code what} names the image in the error. */
    public Descriptor select(Index index, String what) {
        Descriptor fallback = null;
        for (Descriptor d : index.manifests()) {
            Platform p = d.platform();
            if (p == null || !os.equals(p.os()) || !architecture.equals(p.architecture())) {
                continue;
            }
            String pv = normalizedVariant(p.architecture(), p.variant());
            String wanted = normalizedVariant(architecture, variant);
            if (wanted.isEmpty() || wanted.equals(pv)) {
                if (wanted.isEmpty() && !pv.isEmpty() && !pv.equals(normalizedVariant(architecture, ""))) {
                    if (fallback == null) {
                        fallback = d; // a specific variant, used when no plain one exists
                    }
                    continue;
                }
                return d;
            }
        }
        if (fallback != null) {
            return fallback;
        }
        if (index.manifests().size() == 1 && index.manifests().getFirst().platform() == null) {
            return index.manifests().getFirst();
        }
        throw new SkiffException(what + ": no image for " + this + " in the manifest list; available: "
                + String.join(", ", available(index)));
    }

    private static List<String> available(Index index) {
        List<String> out = new ArrayList<>();
        for (Descriptor d : index.manifests()) {
            Platform p = d.platform();
            if (p != null && p.os() != null && !"unknown".equals(p.os())) {
                out.add(p.os() + "/" + p.architecture() + (p.variant() == null || p.variant().isEmpty() ? "" : "/" + p.variant()));
            }
        }
        return out.isEmpty() ? List.of("(none)") : out;
    }

    private static String normalizedVariant(String arch, String v) {
        String variant = v == null ? "" : v;
        if (arch.equals("arm64") && variant.isEmpty()) {
            return "v8";
        }
        return variant;
    }

    @Override
    public String toString() {
        return os + "/" + architecture + (variant.isEmpty() ? "" : "/" + variant);
    }
}

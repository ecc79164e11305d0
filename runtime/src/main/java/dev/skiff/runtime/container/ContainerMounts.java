package dev.skiff.runtime.container;

import dev.skiff.runtime.SkiffException;
import dev.skiff.runtime.storage.StorePaths;
import dev.skiff.runtime.sys.LibC;
import dev.skiff.shim.ShimBinary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * A container's overlay mounted outside the container, on its `merged` directory, in the mount
 * namespace of the calling command: its own (gone when it exits), or that of the `skiff
 * unshare` it runs in (`skiff mount`).
 */
public final class ContainerMounts {
    /** Set by `skiff unshare` for what it runs, whose skiff commands then share its mount namespace. */
    public static final String IN_UNSHARE = "SKIFF_IN_UNSHARE";

    private ContainerMounts() {}

    /** Whether this command shares its mount namespace with a `skiff unshare` shell. */
    public static boolean inUnshare() {
        return System.getenv(IN_UNSHARE) != null;
    }

    /** The mount points in this mount namespace. */
    static Set<Path> mountPoints() {
        Set<Path> out = new HashSet<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8)) {
                String[] f = line.split(" ");
                if (f.length > 4) {
                    out.add(Path.of(unescape(f[4])));
                }
            }
        } catch (IOException e) {
            throw new SkiffException("read /proc/self/mountinfo: " + e.getMessage(), e);
        }
        return out;
    }

    /** Whether the container's file system is mounted on its `merged` directory here. */
    public static boolean mounted(ContainerDir c) {
        return mountPoints().contains(c.rootfs());
    }

    /**
     * Mounts the container's overlay on its `merged` directory (`rootfs()`) unless it is there;
     * returns whether this call mounted it.
     */
    public static boolean mount(ContainerDir c, StorePaths paths) {
        Path target = c.rootfs();
        if (mounted(c)) {
            return false;
        }
        ProcessBuilder pb = new ProcessBuilder(ShimBinary.path().toString(), "mount", c.overlayBase(paths.layers()).toString(),
                c.overlayOptions(paths.layers()), target.toString());
        pb.redirectErrorStream(true);
        try {
            Files.createDirectories(target);
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (p.waitFor() != 0) {
                throw new SkiffException("mount container " + c.name() + ": "
                        + out.replaceFirst("^skiff(-shim)?: ", ""));
            }
        } catch (IOException e) {
            throw new SkiffException("mount container " + c.name() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SkiffException("mount container " + c.name() + ": interrupted", e);
        }
        return true;
    }

    /** Unmounts the container's `merged` directory here; false when it was not mounted. */
    public static boolean unmount(ContainerDir c) {
        if (!mounted(c)) {
            return false;
        }
        try {
            LibC.detach(c.rootfs());
        } catch (IOException e) {
            throw new SkiffException("unmount container " + c.name() + ": " + e.getMessage(), e);
        }
        return true;
    }

    /** mountinfo's octal escapes (\040 for a space) undone. */
    private static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '\\' && i + 3 < s.length()) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(ch);
            }
        }
        return b.toString();
    }
}

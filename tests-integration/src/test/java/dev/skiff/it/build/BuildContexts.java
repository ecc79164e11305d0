package dev.skiff.it.build;

import dev.skiff.it.support.Cmd;
import dev.skiff.it.support.Expect;
import dev.skiff.it.support.Skiff;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/** Build contexts made by the test user, and what a built image's file system holds, for comparison. */
final class BuildContexts {
    /** What podman's builds leave as mount points in every image that ran a RUN step. */
    static final Set<String> MOUNT_POINTS = Set.of("dev", "proc", "sys", "run", "etc/hostname", "etc/hosts",
            "etc/resolv.conf", "run/.containerenv");

    private BuildContexts() {}

    /** Makes directory NAME in the user's home with the shell SCRIPT run inside it; returns its path. */
    static Path make(Skiff skiff, String name, String script) {
        Expect.exit(skiff.runAsUser("sh", "-c", "rm -rf " + name + " && mkdir " + name + " && cd " + name + " && "
                + script), 0);
        return skiff.home().resolve(name);
    }

    /** Writes FILE (relative to the home) as the test user. */
    static Path write(Skiff skiff, String file, String content) {
        return skiff.writeFile(file, content);
    }

    /**
     * Every path of the tar stream TAR (an exported container) mapped to its type, mode, owner,
     * link target and content digest; mtimes are left out.
     */
    static Map<String, String> tree(byte[] tar) {
        Map<String, String> out = new TreeMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new java.io.ByteArrayInputStream(tar))) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                String name = e.getName().replaceFirst("^\\./", "").replaceFirst("/$", "");
                if (name.isEmpty() || MOUNT_POINTS.contains(name)) {
                    continue;
                }
                String kind = e.isDirectory() ? "dir" : e.isSymbolicLink() ? "symlink " + e.getLinkName()
                        : e.isLink() ? "hardlink " + e.getLinkName() : e.isFile() ? "file " + sha256(in) : "other";
                out.put(name, kind + " " + Integer.toOctalString(e.getMode() & 07777) + " " + e.getLongUserId() + ":"
                        + e.getLongGroupId());
            }
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
        return out;
    }

    private static String sha256(InputStream in) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest()).substring(0, 16);
        } catch (java.security.NoSuchAlgorithmException x) {
            throw new IllegalStateException(x);
        }
    }

    /** The file system of IMAGE as `create` and `export` of PROGRAM (skiff's launcher or podman) give it. */
    static Map<String, String> exported(Skiff skiff, String program, String image) {
        String name = "export-" + Long.toHexString(System.nanoTime());
        String[] runtime = program.equals("podman") ? new String[] {"--runtime", "runc"} : new String[0];
        Cmd.Result created = skiff.runAsUser(concat(new String[] {program}, runtime,
                new String[] {"create", "--name", name, image, "true"}));
        Expect.exit(created, 0);
        try {
            Path file = skiff.home().resolve(name + ".tar");
            Expect.exit(skiff.asUser(program, "export", "-o", file.toString(), name)
                    .timeout(java.time.Duration.ofSeconds(120)).run(), 0);
            byte[] tar = Files.readAllBytes(file);
            Files.delete(file);
            return tree(tar);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            Expect.exit(skiff.runAsUser(program, "rm", name), 0);
        }
    }

    static String[] concat(String[]... parts) {
        return java.util.Arrays.stream(parts).flatMap(java.util.Arrays::stream).toArray(String[]::new);
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

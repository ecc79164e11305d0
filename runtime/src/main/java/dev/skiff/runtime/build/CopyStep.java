package dev.skiff.runtime.build;

import dev.skiff.runtime.archive.EntryPaths;
import dev.skiff.runtime.archive.TreeCopy;
import dev.skiff.runtime.sys.SafeDir;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Writes what COPY and ADD copy into a working container's mounted file system: each source as a
 * tar stream, extracted under the destination with every path resolved inside the container's
 * root, so that no symlink in the image leads a write onto the host.
 */
final class CopyStep {
    /** Writes a source's entries, named relative to the destination directory. */
    @FunctionalInterface
    interface TarSource {
        void write(TarArchiveOutputStream out) throws IOException;
    }

    /**
     * The owner and mode of what is copied.
     *
     * @param uid   `--chown` user, or -1 to keep the source's owner (an archive, another stage)
     * @param gid   `--chown` group, or -1 likewise
     * @param chmod `--chmod` bits, or -1 to keep the source's
     */
    record Attributes(long uid, long gid, int chmod) {
        static final Attributes ROOT = new Attributes(0, 0, -1);

        TreeCopy.Owners owners() {
            return uid < 0 ? TreeCopy.Owners.FROM_ARCHIVE : TreeCopy.Owners.of(uid, gid);
        }
    }

    private CopyStep() {}

    /**
     * Creates DIR (absolute, within ROOT) and its missing parents: parents as root's, mode 0755; DIR
     * itself, when it is created here, owned as ATTRIBUTES says (as docker does). A symlink on the
     * way that leads nowhere yet gets its target made, inside ROOT.
     */
    static void mkdirs(SafeDir root, String dir, Attributes attributes) throws IOException {
        mkdirs(root, dir, attributes, 0);
    }

    private static void mkdirs(SafeDir root, String dir, Attributes attributes, int links) throws IOException {
        if (links > 40) {
            throw new IOException("`" + dir + "`: too many levels of symbolic links");
        }
        String path = "";
        List<String> parts = List.of(dir.split("/")).stream().filter(p -> !p.isEmpty()).toList();
        for (int i = 0; i < parts.size(); i++) {
            String name = parts.get(i);
            try (SafeDir parent = root.resolveDir(path, SafeDir.Scope.IN_ROOT)) {
                SafeDir.Stat st = parent.statOrNull(name);
                if (st == null) {
                    parent.mkdir(name, 0755);
                    boolean last = i == parts.size() - 1;
                    parent.chown(name, last && attributes.uid() >= 0 ? attributes.uid() : 0,
                            last && attributes.gid() >= 0 ? attributes.gid() : 0);
                    parent.chmod(name, 0755);
                } else if (st.isSymlink()) {
                    if (!isDirectory(root, EntryPaths.join(path, name))) {
                        String target = parent.readLink(name);
                        mkdirs(root, inRoot(target.startsWith("/") ? target : path + "/" + target), Attributes.ROOT,
                                links + 1);
                    }
                } else if (!st.isDirectory()) {
                    throw new IOException("`/" + EntryPaths.join(path, name) + "` is not a directory");
                }
            }
            path = EntryPaths.join(path, name);
        }
    }

    /** PATH made absolute and free of `.` and `..`, which stop at the root as the kernel's RESOLVE_IN_ROOT does. */
    private static String inRoot(String path) {
        java.util.ArrayDeque<String> out = new java.util.ArrayDeque<>();
        for (String p : path.split("/")) {
            if (p.isEmpty() || p.equals(".")) {
                continue;
            }
            if (p.equals("..")) {
                out.pollLast();
            } else {
                out.addLast(p);
            }
        }
        return "/" + String.join("/", out);
    }

    /**
     * Makes room in ROOT for a source copied to DEST and returns the directory it goes into: DEST
     * itself when INTO_DIR (made, owned as A says, when missing), else DEST's parent (made as
     * root's), where the source becomes the file DEST.
     */
    static String destination(SafeDir root, String dest, boolean intoDir, Attributes a) throws IOException {
        if (intoDir) {
            mkdirs(root, dest.isEmpty() ? "/" : dest, a);
            return dest;
        }
        String parent = EntryPaths.parent(dest.replaceAll("^/+", ""));
        mkdirs(root, parent, Attributes.ROOT);
        return parent;
    }

    /** Whether PATH names a directory in ROOT, following symlinks within it. */
    static boolean isDirectory(SafeDir root, String path) throws IOException {
        return root.isDirectory(path, SafeDir.Scope.IN_ROOT);
    }

    /** Extracts what SOURCE writes into DEST_DIR (absolute, existing) in ROOT, owned as ATTRIBUTES says. */
    static void extract(SafeDir root, String destDir, TarSource source, Attributes attributes) throws IOException {
        PipedInputStream in = new PipedInputStream(256 * 1024);
        PipedOutputStream pipe = new PipedOutputStream(in);
        AtomicReference<IOException> failure = new AtomicReference<>();
        Thread writer = Thread.ofVirtual().start(() -> {
            try (TarArchiveOutputStream out = new ChmodTar(pipe, attributes.chmod())) {
                source.write(out);
                out.finish();
            } catch (IOException e) {
                failure.set(e);
            }
        });
        try {
            extractStream(root, destDir, in, attributes);
        } finally {
            in.close();
            try {
                writer.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (failure.get() != null && !(failure.get().getMessage() != null
                && failure.get().getMessage().contains("Pipe closed"))) {
            throw failure.get();
        }
    }

    /** Extracts the tar stream IN into DEST_DIR (absolute, existing) in ROOT. */
    static void extractStream(SafeDir root, String destDir, InputStream in, Attributes attributes) throws IOException {
        TreeCopy.extract(in, root, destDir.replaceAll("^/+", ""), SafeDir.Scope.IN_ROOT, attributes.owners(), true);
    }

    /** A regular file NAME holding CONTENT (a heredoc), mode 0644. */
    static TarSource file(String name, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        return out -> {
            TarArchiveEntry e = new TarArchiveEntry(name);
            e.setSize(bytes.length);
            e.setMode(0100644);
            e.setModTime(FileTime.from(Instant.now()));
            out.putArchiveEntry(e);
            out.write(bytes);
            out.closeArchiveEntry();
        };
    }

    /** A tar stream whose entries get MODE's permission bits (`--chmod`; -1 for none), symlinks excepted. */
    private static final class ChmodTar extends TarArchiveOutputStream {
        private final int mode;

        ChmodTar(java.io.OutputStream out, int mode) {
            super(out);
            this.mode = mode;
            setLongFileMode(LONGFILE_POSIX);
            setBigNumberMode(BIGNUMBER_POSIX);
        }

        @Override
        public void putArchiveEntry(TarArchiveEntry e) throws IOException {
            if (mode >= 0 && !e.isSymbolicLink()) {
                e.setMode((e.getMode() & ~07777) | mode);
            }
            super.putArchiveEntry(e);
        }
    }
}

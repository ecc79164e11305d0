package dev.skiff.runtime.container;

import dev.skiff.runtime.SkiffException;
import dev.skiff.runtime.archive.EntryPaths;
import dev.skiff.runtime.archive.TreeCopy;
import dev.skiff.runtime.storage.StorePaths;
import dev.skiff.runtime.sys.ErrnoException;
import dev.skiff.runtime.sys.SafeDir;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * `cp` between a container and the host, with docker's rules for what lands where: a file onto a
 * file replaces it, into a directory goes inside it; a directory onto a missing path becomes
 * that path; SRC/. copies a directory's contents; "-" is a tar stream on stdin or stdout.
 * Paths in the container resolve within its root, whatever its symlinks say.
 */
public final class ContainerCopy {
    /** `--archive` (owners: the container's user when copying in) and `--overwrite`. */
    public record Options(boolean archive, boolean overwrite) {}

    /** What is copied: NAME in DIR (the empty name: DIR itself), under BASE in the archive. */
    private record Source(SafeDir dir, String name, String base, boolean directory, boolean contentsOnly)
            implements AutoCloseable {
        String entryName() {
            return contentsOnly || base.isEmpty() ? "" : base;
        }

        @Override
        public void close() {
            dir.close();
        }
    }

    /** Where the archive goes: into DIR (a path under ROOT) with its top entry renamed to AS, unless AS is null. */
    private record Target(String dir, String as) {}

    private final StorePaths paths;
    private final Options options;

    public ContainerCopy(StorePaths paths, Options options) {
        this.paths = paths;
        this.options = options;
    }

    /** Copies SRC (a path in container C) to DEST on the host, or as a tar stream to STDOUT when DEST is "-". */
    public void fromContainer(ContainerDir c, String src, String dest, OutputStream stdout) {
        String what = c.name() + ":" + src;
        try (ContainerRoot root = ContainerRoot.open(c, paths);
             Source source = source(root.dir(), SafeDir.Scope.IN_ROOT, inContainer(c, src), what)) {
            if (dest.equals("-")) {
                writeTar(source, source.entryName(), stdout, c.userns());
                return;
            }
            Path d = Path.of(dest).toAbsolutePath().normalize();
            Target target;
            if (Files.isDirectory(d)) {
                target = new Target(d.toString(), source.entryName());
            } else {
                checkReplace(Files.exists(d, LinkOption.NOFOLLOW_LINKS), source, dest);
                if (!Files.isDirectory(d.getParent())) {
                    throw new SkiffException("`" + dest + "`: no such directory " + d.getParent());
                }
                target = new Target(d.getParent().toString(), d.getFileName().toString());
            }
            try (SafeDir into = SafeDir.openThrough(Path.of(target.dir()))) {
                copy(source, target.as(), c.userns(), in -> TreeCopy.extract(in, into, "", SafeDir.Scope.BENEATH,
                        TreeCopy.Owners.NONE, options.overwrite()));
            }
        } catch (IOException e) {
            throw new SkiffException("copy " + what + " to " + dest + ": " + e.getMessage(), e);
        }
    }

    /** Copies SRC on the host (or a tar stream from STDIN when SRC is "-") to DEST, a path in container C. */
    public void toContainer(String src, InputStream stdin, ContainerDir c, String dest) {
        into(c, dest, src, src.equals("-") ? null : () -> hostSource(src), Optional.empty(), stdin);
    }

    /**
     * A new volume's first fill: what the image of container C has at PATH (its contents, their
     * owners and modes as on disk) copied into the directory DEST; false when the image has no
     * directory there.
     */
    static boolean fill(ContainerDir c, StorePaths paths, String path, Path dest) {
        try (ContainerRoot root = ContainerRoot.open(c, paths)) {
            Source source;
            try {
                source = source(root.dir(), SafeDir.Scope.IN_ROOT, path + "/.", path);
            } catch (SkiffException e) {
                return false; // nothing there, or not a directory
            }
            try (source; SafeDir into = SafeDir.openThrough(dest)) {
                copy(source, "", Optional.empty(), in -> TreeCopy.extract(in, into, "", SafeDir.Scope.BENEATH,
                        TreeCopy.Owners.FROM_ARCHIVE, true));
                // the directory itself too: its owner and mode are the image's
                SafeDir.Stat st = source.dir().stat(".");
                java.nio.file.Files.setAttribute(dest, "unix:uid", (int) st.uid(), LinkOption.NOFOLLOW_LINKS);
                java.nio.file.Files.setAttribute(dest, "unix:gid", (int) st.gid(), LinkOption.NOFOLLOW_LINKS);
                dev.skiff.runtime.sys.LibC.chmod(dest, st.mode() & 07777);
            }
            return true;
        } catch (IOException e) {
            throw new SkiffException("copy the image's " + path + " into its volume: " + e.getMessage(), e);
        }
    }

    /** Copies SRC in container FROM to DEST in container C. */
    public void betweenContainers(ContainerDir from, String src, ContainerDir c, String dest) {
        String what = from.name() + ":" + src;
        try (ContainerRoot root = ContainerRoot.open(from, paths)) {
            into(c, dest, what, () -> source(root.dir(), SafeDir.Scope.IN_ROOT, inContainer(from, src), what),
                    from.userns(), null);
        }
    }

    @FunctionalInterface
    private interface SourceOpener {
        Source open() throws IOException;
    }

    /**
     * Copies what OPENER opens (named SRC in messages; files of a container with user namespace
     * SOURCE_USERNS), or the tar stream STDIN when it is null, to DEST in C. Owners are C's ids,
     * moved through its own user namespace when it has one.
     */
    private void into(ContainerDir c, String dest, String src, SourceOpener opener, Optional<IdMap> sourceUserns,
                      InputStream stdin) {
        String what = c.name() + ":" + dest;
        ImageUser.Identity user = c.identity();
        TreeCopy.Owners chosen = options.archive() ? TreeCopy.Owners.of(user.uid(), user.gid())
                : TreeCopy.Owners.FROM_ARCHIVE;
        TreeCopy.Owners owners = c.userns().map(m -> chosen.through(m::uidOrStray, m::gidOrStray)).orElse(chosen);
        String d = inContainer(c, dest);
        try (ContainerRoot root = ContainerRoot.open(c, paths)) {
            SafeDir rootDir = root.dir();
            boolean isDir = rootDir.isDirectory(d, SafeDir.Scope.IN_ROOT);
            if (opener == null) {
                if (!isDir) {
                    throw new SkiffException("`" + what + "` must be a directory to copy a tar stream from stdin into");
                }
                TreeCopy.extract(stdin, rootDir, d, SafeDir.Scope.IN_ROOT, owners, options.overwrite());
                return;
            }
            try (Source source = opener.open()) {
                Target target;
                if (isDir) {
                    target = new Target(d, source.entryName());
                } else {
                    String parent = EntryPaths.parent(d);
                    try (SafeDir p = rootDir.resolveDir(parent, SafeDir.Scope.IN_ROOT)) {
                        checkReplace(p.statOrNull(EntryPaths.baseName(d)) != null, source, what);
                    } catch (ErrnoException e) {
                        throw new SkiffException("`" + what + "`: no such directory /" + parent);
                    }
                    target = new Target(parent, EntryPaths.baseName(d));
                }
                copy(source, target.as(), sourceUserns, in -> TreeCopy.extract(in, rootDir, target.dir(), SafeDir.Scope.IN_ROOT,
                        owners, options.overwrite()));
            }
        } catch (IOException e) {
            throw new SkiffException("copy " + src + " to " + what + ": " + e.getMessage(), e);
        }
    }

    /** A path in the container, relative ones from its working directory, as one relative to its root. */
    private static String inContainer(ContainerDir c, String path) {
        String workdir = c.workdir() == null ? "/" : c.workdir();
        String clean = Path.of("/").resolve(workdir).resolve(path).normalize().toString().substring(1);
        return clean + (path.endsWith("/.") ? "/." : path.endsWith("/") && !clean.isEmpty() ? "/" : "");
    }

    /**
     * Opens what PATH names under ROOT: its last component itself (a symlink is copied as one),
     * unless PATH ends in "/" or "/.", which asks for a directory and follows a symlink to it.
     */
    private static Source source(SafeDir root, SafeDir.Scope scope, String path, String what) throws IOException {
        String rel = path.replaceAll("(/\\.)?/*$", "").replaceAll("^/+", "");
        return source(root, scope, path, what, EntryPaths.baseName(rel));
    }

    /** As above, with BASE as the name of what is copied. */
    private static Source source(SafeDir root, SafeDir.Scope scope, String path, String what, String base)
            throws IOException {
        boolean contents = path.endsWith("/.");
        boolean slash = path.endsWith("/");
        String rel = path.replaceAll("(/\\.)?/*$", "").replaceAll("^/+", "");
        try {
            if (contents || slash || rel.isEmpty()) {
                SafeDir dir = root.resolveDir(rel, scope);
                return new Source(dir, "", base, true, contents);
            }
            SafeDir parent = root.resolveDir(EntryPaths.parent(rel), scope);
            SafeDir.Stat st = parent.statOrNull(EntryPaths.baseName(rel));
            if (st == null) {
                parent.close();
                throw new SkiffException("`" + what + "`: no such file or directory");
            }
            return new Source(parent, EntryPaths.baseName(rel), base, st.isDirectory(), false);
        } catch (ErrnoException e) {
            if (e.errno() == ErrnoException.ENOENT) {
                throw new SkiffException("`" + what + "`: no such file or directory");
            }
            if (e.errno() == ErrnoException.ENOTDIR) {
                throw new SkiffException("`" + what + "`: not a directory");
            }
            throw e;
        }
    }

    /** What SRC names on the host, where symlinks on the way are the user's own and followed. */
    private static Source hostSource(String src) throws IOException {
        Path s = Path.of(src).toAbsolutePath().normalize();
        boolean followLast = src.endsWith("/") || src.endsWith("/.") || s.getParent() == null;
        Path parent = followLast ? s : s.getParent();
        Path real;
        try {
            real = parent.toRealPath();
        } catch (IOException e) {
            throw new SkiffException("`" + src + "`: no such file or directory");
        }
        try (SafeDir dir = SafeDir.openThrough(real)) {
            String name = followLast ? "." : s.getFileName().toString();
            return source(dir, SafeDir.Scope.BENEATH, followLast ? (src.endsWith("/.") ? "./." : "./") : name, src,
                    followLast ? s.getFileName() == null ? "" : s.getFileName().toString() : name);
        }
    }

    private void checkReplace(boolean exists, Source source, String dest) {
        if (exists && source.directory() && !options.overwrite()) {
            throw new SkiffException("cannot copy a directory onto the file `" + dest + "` (use --overwrite)");
        }
        if (!exists && !source.directory() && dest.endsWith("/")) {
            throw new SkiffException("`" + dest + "`: no such directory");
        }
    }

    @FunctionalInterface
    private interface Sink {
        void accept(InputStream tar) throws IOException;
    }

    /** Streams SOURCE as a tar archive (top entry AS) through a pipe into SINK. */
    private static void copy(Source source, String as, Optional<IdMap> userns, Sink sink) throws IOException {
        PipedInputStream in = new PipedInputStream(1 << 20);
        PipedOutputStream out = new PipedOutputStream(in);
        IOException[] failed = new IOException[1];
        Thread writer = Thread.ofPlatform().name("cp-read").start(() -> {
            try (out) {
                writeTar(source, as, out, userns);
            } catch (IOException e) {
                failed[0] = e;
            }
        });
        try (in) {
            sink.accept(in);
            in.transferTo(OutputStream.nullOutputStream()); // the end-of-archive blocks
        } finally {
            in.close(); // a failed sink stops the writer
            try {
                writer.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (failed[0] != null) {
            throw failed[0];
        }
    }

    /** Writes SOURCE as a tar stream; files of a container with USERNS get its own ids. */
    private static void writeTar(Source source, String as, OutputStream out, Optional<IdMap> userns) throws IOException {
        TarArchiveOutputStream tar = ContainerChanges.tarStream(out, userns);
        TreeCopy.write(source.dir(), source.name(), as, tar);
        tar.finish();
        tar.flush();
    }
}

package dev.skiff.runtime.build;

import dev.skiff.oci.image.Compression;
import dev.skiff.runtime.SkiffException;
import dev.skiff.runtime.archive.Decompression;
import dev.skiff.runtime.archive.EntryPaths;
import dev.skiff.runtime.archive.OverlayTrees;
import dev.skiff.runtime.sys.SafeDir;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * A build context path that COPY or ADD copies: a file, or a directory's contents; for ADD, a
 * local tar archive (plain, gzip, bzip2, xz or zstd) is extracted instead. A symlink named as the
 * source is followed within the context, as docker does; symlinks below it are copied as such.
 */
final class ContextSource implements CopySource {
    private static final byte[] XZ_MAGIC = {(byte) 0xfd, '7', 'z', 'X', 'Z', 0};

    private final BuildContext context;
    private final String rel;
    private final boolean directory;
    private final boolean archive;
    private final String name;

    ContextSource(BuildContext context, String matched, boolean add) {
        this.context = context;
        this.name = EntryPaths.baseName(matched);
        this.rel = matched.equals(".") ? "." : followed(context, matched);
        Path p = context.dir().resolve(rel);
        this.directory = rel.equals(".") || Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        this.archive = add && !directory && isArchive(p);
    }

    /** MATCHED, or when it is a symlink, what it leads to in the context. */
    private static String followed(BuildContext context, String matched) {
        Path p = context.dir().resolve(matched);
        if (!Files.isSymbolicLink(p)) {
            return matched;
        }
        try {
            Path root = context.dir().toRealPath();
            Path real = p.toRealPath();
            if (!real.startsWith(root)) {
                throw new BuildContextException("COPY source `" + matched + "` is a symlink that leads outside the "
                        + "build context; copy what it names into the context");
            }
            String r = root.relativize(real).toString();
            return r.isEmpty() ? "." : r;
        } catch (IOException e) {
            throw new BuildContextException("COPY source `" + matched + "`: " + e.getMessage());
        }
    }

    @Override
    public void copy(SafeDir root, String dest, boolean intoDir, CopyStep.Attributes a) throws IOException {
        boolean into = intoDir || directory || archive;
        String dir = CopyStep.destination(root, dest, into, a);
        try (SafeDir ctx = SafeDir.openThrough(context.dir().toRealPath())) {
            if (archive) {
                try (InputStream in = tarStream(context.dir().resolve(rel))) {
                    CopyStep.extractStream(root, dir, in, a.uid() == 0 && a.gid() == 0
                            ? new CopyStep.Attributes(-1, -1, a.chmod()) : a);
                }
                return;
            }
            if (directory) {
                CopyStep.extract(root, dir, out -> {
                    for (String p : context.walk(rel)) {
                        if (p.equals(rel)) {
                            continue;
                        }
                        String as = rel.equals(".") ? p : p.substring(rel.length() + 1);
                        write(ctx, p, as, out);
                    }
                }, a);
                return;
            }
            String as = into ? name : EntryPaths.baseName(dest);
            CopyStep.extract(root, dir, out -> write(ctx, rel, as, out), a);
        }
    }

    private static void write(SafeDir ctx, String p, String as,
                              org.apache.commons.compress.archivers.tar.TarArchiveOutputStream out) throws IOException {
        try (SafeDir parent = ctx.resolveDir(EntryPaths.parent(p), SafeDir.Scope.BENEATH)) {
            String base = EntryPaths.baseName(p);
            OverlayTrees.writeEntry(parent, base, as, parent.stat(base), out, new java.util.HashMap<>());
        }
    }

    /** Whether FILE is a tar archive, compressed or not (ADD extracts those). */
    private static boolean isArchive(Path file) {
        try (InputStream in = tarStream(file)) {
            byte[] header = in.readNBytes(512);
            return header.length == 512 && new String(header, 257, 5, java.nio.charset.StandardCharsets.US_ASCII)
                    .equals("ustar");
        } catch (IOException | SkiffException e) {
            return false;
        }
    }

    /** FILE's bytes, decompressed when it is gzip, bzip2, xz or zstd. */
    private static InputStream tarStream(Path file) throws IOException {
        BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024);
        in.mark(6);
        byte[] magic = in.readNBytes(6);
        in.reset();
        if (magic.length >= 3 && magic[0] == 'B' && magic[1] == 'Z' && magic[2] == 'h') {
            return new BZip2CompressorInputStream(in);
        }
        if (java.util.Arrays.equals(magic, XZ_MAGIC)) {
            return new XZCompressorInputStream(in);
        }
        Compression c = Decompression.sniff(in);
        return Decompression.open(in, c, file.getFileName().toString());
    }
}

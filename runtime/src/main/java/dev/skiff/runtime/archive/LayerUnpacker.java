package dev.skiff.runtime.archive;

import dev.skiff.runtime.storage.FileTrees;
import dev.skiff.runtime.sys.LibC;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/**
 * Unpacks one layer's tar stream into a fresh directory: files, dirs, symlinks, hard links,
 * FIFOs, modes, owners, mtimes and user xattrs; OCI whiteouts become overlay whiteouts. Entries
 * that would escape the directory are refused, naming the layer and the entry.
 */
public final class LayerUnpacker {
    private static final String WHITEOUT = ".wh.";
    private static final String OPAQUE = ".wh..wh..opq";
    static final String OPAQUE_XATTR = "user.overlay.opaque";
    private static final String XATTR_PAX = "SCHILY.xattr.";

    private enum Kind { DIR, FILE, SYMLINK, SPECIAL }

    private record DirMeta(int mode, FileTime mtime) {}

    private final Path root;
    private final String what;
    private final Consumer<String> warnings;
    private final FileMetadata metadata;
    // what this layer has created so far; the directory starts empty, so this is the whole truth
    private final TreeMap<String, Kind> made = new TreeMap<>();
    private final Map<String, DirMeta> dirs = new LinkedHashMap<>();
    private final Set<String> opaque = new LinkedHashSet<>();
    private final byte[] buffer = new byte[64 * 1024];
    private String skippedDevice;
    private final TarSplitRecorder recorder;

    private LayerUnpacker(Path root, String what, Consumer<String> warnings, TarSplitRecorder recorder)
            throws IOException {
        this.root = root;
        this.what = what;
        this.warnings = warnings;
        this.metadata = new FileMetadata(root, what);
        this.recorder = recorder;
    }

    /**
     * Unpacks every entry of {@code tar} into the empty directory {@code root}.
     *
     * @param what names the layer in errors and warnings, e.g. {@code layer sha256:…}
     */
    public static void unpack(BoundedTarInputStream tar, Path root, String what, Consumer<String> warnings)
            throws IOException {
        unpack(tar, root, what, warnings, null);
    }

    /**
     * Unpacks as {@link #unpack(BoundedTarInputStream, Path, String, Consumer)} and tells
     * {@code recorder}, which {@code tar} reads through, where each regular file's contents are.
     */
    public static void unpack(BoundedTarInputStream tar, Path root, String what, Consumer<String> warnings,
                              TarSplitRecorder recorder) throws IOException {
        LayerUnpacker u = new LayerUnpacker(root, what, warnings, recorder);
        TarArchiveEntry e;
        while ((e = tar.getNextEntry()) != null) {
            u.entry(tar, e);
        }
        u.finish();
    }

    private void entry(InputStream data, TarArchiveEntry e) throws IOException {
        String rel = normalize(e.getName(), e.getName());
        if (rel.isEmpty()) {
            return; // the layer root: overlay gives the container's / its own attributes
        }
        String parent = EntryPaths.parent(rel);
        String base = EntryPaths.baseName(rel);
        if (base.startsWith(WHITEOUT)) {
            whiteout(e, parent, base);
            return;
        }
        ensureParents(e.getName(), parent);
        Kind existing = made.get(rel);
        if (existing != null && !(existing == Kind.DIR && e.isDirectory())) {
            remove(rel);
        }
        Path p = root.resolve(rel);
        if (e.isDirectory()) {
            if (existing != Kind.DIR) {
                Files.createDirectory(p);
                made.put(rel, Kind.DIR);
            }
            metadata.owner(p, e, rel);
            dirs.put(rel, new DirMeta(e.getMode() & 07777, e.getLastModifiedTime()));
            metadata.xattrs(p, xattrs(e), rel);
        } else if (e.isSymbolicLink()) {
            Files.createSymbolicLink(p, Path.of(e.getLinkName()));
            made.put(rel, Kind.SYMLINK);
            metadata.owner(p, e, rel);
            metadata.mtime(p, e.getLastModifiedTime(), true);
        } else if (e.isLink()) {
            hardLink(e, rel, p);
        } else if (e.isFIFO()) {
            LibC.mknod(p, LibC.S_IFIFO | 0600, 0);
            made.put(rel, Kind.SPECIAL);
            fileMetadata(p, e, rel);
        } else if (e.isCharacterDevice() || e.isBlockDevice()) {
            if (skippedDevice == null) {
                skippedDevice = rel;
            }
        } else if (e.isFile() || e.isGNUSparse() || e.getLinkFlag() == '7') {
            // a sparse entry's stored bytes are not the file's: the recorder keeps those itself
            boolean recorded = recorder != null && !e.isSparse();
            if (recorded) {
                recorder.beginContent(rel, e.getSize());
            }
            writeFile(data, p);
            if (recorded) {
                recorder.endContent();
            }
            made.put(rel, Kind.FILE);
            fileMetadata(p, e, rel);
        } else {
            warnings.accept(what + ": entry `" + e.getName() + "` of tar type `" + (char) e.getLinkFlag() + "` skipped");
        }
    }

    private void fileMetadata(Path p, TarArchiveEntry e, String rel) throws IOException {
        metadata.owner(p, e, rel);
        metadata.xattrs(p, xattrs(e), rel);
        metadata.mtime(p, e.getLastModifiedTime(), false);
        // after chown, which clears setuid bits
        metadata.mode(p, e.getMode() & 07777, rel);
    }

    private void writeFile(InputStream data, Path p) throws IOException {
        try (OutputStream out = Files.newOutputStream(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS)) {
            int n;
            while ((n = data.read(buffer)) > 0) {
                out.write(buffer, 0, n);
            }
        }
    }

    private void hardLink(TarArchiveEntry e, String rel, Path p) throws IOException {
        String target = normalize(e.getLinkName(), e.getName());
        if (target.isEmpty()) {
            throw new InvalidArchiveException(what + ": entry `" + e.getName() + "`: hard link to the layer root");
        }
        checkNoSymlinkAbove(e.getName(), EntryPaths.parent(target));
        Kind kind = made.get(target);
        if (kind == null) {
            throw new InvalidArchiveException(what + ": entry `" + e.getName() + "`: hard link target `"
                    + e.getLinkName() + "` is not in this layer");
        }
        if (kind == Kind.DIR) {
            throw new InvalidArchiveException(what + ": entry `" + e.getName() + "`: hard link to the directory `"
                    + e.getLinkName() + "`");
        }
        if (target.equals(rel)) {
            return;
        }
        Files.createLink(p, root.resolve(target));
        made.put(rel, kind);
    }

    private void whiteout(TarArchiveEntry e, String parent, String base) throws IOException {
        if (base.equals(OPAQUE)) {
            ensureParents(e.getName(), parent);
            if (!parent.isEmpty()) {
                ensureDirectory(e.getName(), parent);
            }
            opaque.add(parent);
            return;
        }
        if (base.startsWith(WHITEOUT + WHITEOUT)) {
            return; // AUFS bookkeeping (.wh..wh.plnk and the like), meaningless for overlay
        }
        String name = base.substring(WHITEOUT.length());
        if (name.isEmpty() || name.equals(".")) {
            throw new InvalidArchiveException(what + ": entry `" + e.getName() + "`: whiteout without a name");
        }
        String target = normalize(EntryPaths.join(parent, name), e.getName());
        ensureParents(e.getName(), parent);
        if (made.containsKey(target)) {
            remove(target);
        }
        // a 0/0 character device is overlay's whiteout; the kernel lets any user make one
        LibC.mknod(root.resolve(target), LibC.S_IFCHR, 0);
        made.put(target, Kind.SPECIAL);
    }

    private String normalize(String name, String entry) throws InvalidArchiveException {
        try {
            return EntryPaths.normalize(name);
        } catch (EntryPaths.EscapeException ex) {
            throw new InvalidArchiveException(what + ": entry `" + entry + "`"
                    + (name.equals(entry) ? "" : " linking to `" + name + "`") + " escapes the layer");
        }
    }

    /** Creates missing parents; refuses a path through a symlink or a non-directory. */
    private void ensureParents(String entry, String parent) throws IOException {
        if (parent.isEmpty()) {
            return;
        }
        int from = 0;
        while (true) {
            int slash = parent.indexOf('/', from);
            String prefix = slash < 0 ? parent : parent.substring(0, slash);
            ensureDirectory(entry, prefix);
            if (slash < 0) {
                return;
            }
            from = slash + 1;
        }
    }

    private void ensureDirectory(String entry, String prefix) throws IOException {
        Kind k = made.get(prefix);
        if (k == null) {
            Files.createDirectory(root.resolve(prefix));
            made.put(prefix, Kind.DIR);
        } else if (k == Kind.SYMLINK) {
            throw new InvalidArchiveException(what + ": entry `" + entry + "` escapes the layer through the symlink `"
                    + prefix + "`");
        } else if (k != Kind.DIR) {
            throw new InvalidArchiveException(what + ": entry `" + entry + "`: `" + prefix + "` is not a directory");
        }
    }

    private void checkNoSymlinkAbove(String entry, String parent) throws IOException {
        if (parent.isEmpty()) {
            return;
        }
        int from = 0;
        while (true) {
            int slash = parent.indexOf('/', from);
            String prefix = slash < 0 ? parent : parent.substring(0, slash);
            Kind k = made.get(prefix);
            if (k == Kind.SYMLINK) {
                throw new InvalidArchiveException(what + ": entry `" + entry
                        + "`: hard link escapes the layer through the symlink `" + prefix + "`");
            }
            if (k != Kind.DIR) {
                return; // the target cannot exist below a missing or non-directory parent
            }
            if (slash < 0) {
                return;
            }
            from = slash + 1;
        }
    }

    private void remove(String rel) throws IOException {
        FileTrees.deleteRecursively(root.resolve(rel));
        made.remove(rel);
        made.subMap(rel + "/", rel + "0").clear();
        dirs.remove(rel);
        dirs.keySet().removeIf(k -> k.startsWith(rel + "/"));
        opaque.remove(rel);
        opaque.removeIf(k -> k.startsWith(rel + "/"));
    }

    private static Map<String, byte[]> xattrs(TarArchiveEntry e) {
        Map<String, String> pax = e.getExtraPaxHeaders();
        if (pax.isEmpty()) {
            return Map.of();
        }
        Map<String, byte[]> out = new LinkedHashMap<>();
        pax.forEach((k, v) -> {
            if (k.startsWith(XATTR_PAX)) {
                out.put(k.substring(XATTR_PAX.length()), v.getBytes(StandardCharsets.UTF_8));
            }
        });
        return out;
    }

    private void finish() throws IOException {
        for (String rel : opaque) {
            LibC.lsetxattr(rel.isEmpty() ? root : root.resolve(rel), OPAQUE_XATTR, new byte[] {'y'});
        }
        // deepest first, so a parent turned read-only does not block its children
        List<Map.Entry<String, DirMeta>> byDepth = new ArrayList<>(dirs.entrySet());
        byDepth.sort(Comparator.comparingLong((Map.Entry<String, DirMeta> d) -> depth(d.getKey())).reversed());
        for (Map.Entry<String, DirMeta> d : byDepth) {
            Path p = root.resolve(d.getKey());
            metadata.mode(p, d.getValue().mode(), d.getKey());
            metadata.mtime(p, d.getValue().mtime(), false);
        }
        if (skippedDevice != null) {
            warnings.accept(what + ": device nodes skipped (first: `" + skippedDevice + "`); "
                    + "containers get their devices from skiff");
        }
    }

    private static long depth(String rel) {
        return rel.chars().filter(c -> c == '/').count();
    }
}

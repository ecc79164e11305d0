package dev.skiff.runtime.archive;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;

/**
 * Random access to the members of an image archive file (docker-archive, oci-archive) by name.
 * Symlinks between members (as in {@code <id>/layer.tar -> ../<diff>.tar}) are followed only
 * within the archive.
 */
public final class ArchiveFile implements AutoCloseable {
    private static final int MAX_LINK_HOPS = 8;

    private final String what;
    private final TarFile tar;
    private final Map<String, TarArchiveEntry> entries = new HashMap<>();

    private ArchiveFile(String what, TarFile tar) {
        this.what = what;
        this.tar = tar;
    }

    /** Opens an uncompressed tar file; {@code what} names it in errors. */
    public static ArchiveFile open(Path file, String what) throws IOException {
        // a bounded streaming pass first: TarFile itself holds every header in memory
        try (InputStream in = new FileInputStream(file.toFile());
             BoundedTarInputStream scan = new BoundedTarInputStream(in, TarLimits.ARCHIVE, what)) {
            while (scan.getNextEntry() != null) {
                // headers only; data is skipped
            }
        }
        TarFile tar;
        try {
            tar = new TarFile(file);
        } catch (IOException | RuntimeException e) {
            throw new InvalidArchiveException(what + ": not a tar archive: " + e.getMessage(), e);
        }
        ArchiveFile a = new ArchiveFile(what, tar);
        for (TarArchiveEntry e : tar.getEntries()) {
            try {
                String name = EntryPaths.normalize(e.getName());
                if (!name.isEmpty()) {
                    a.entries.put(name, e);
                }
            } catch (EntryPaths.EscapeException ex) {
                // never addressable: lookups normalise the same way
            }
        }
        return a;
    }

    /** True when a member of this name exists. */
    public boolean contains(String name) {
        return find(name).isPresent();
    }

    /** The regular-file member {@code name}, following in-archive symlinks. */
    public Optional<TarArchiveEntry> find(String name) {
        String current;
        try {
            current = EntryPaths.normalize(name);
        } catch (EntryPaths.EscapeException e) {
            return Optional.empty();
        }
        for (int hop = 0; hop <= MAX_LINK_HOPS; hop++) {
            TarArchiveEntry e = entries.get(current);
            if (e == null) {
                return Optional.empty();
            }
            if (!e.isSymbolicLink() && !e.isLink()) {
                return e.isFile() ? Optional.of(e) : Optional.empty();
            }
            String link = e.getLinkName();
            String base = e.isSymbolicLink() && !link.startsWith("/") ? EntryPaths.parent(current) : "";
            try {
                current = EntryPaths.normalize(resolveDots(EntryPaths.join(base, link)));
            } catch (EntryPaths.EscapeException ex) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** Opens member {@code name}. */
    public InputStream open(String name) throws IOException {
        TarArchiveEntry e = find(name).orElseThrow(() -> new InvalidArchiveException(what + ": no file `" + name + "`"));
        return tar.getInputStream(e);
    }

    /** The size of member {@code name}. */
    public long size(String name) throws IOException {
        return find(name).orElseThrow(() -> new InvalidArchiveException(what + ": no file `" + name + "`")).getSize();
    }

    /** Collapses {@code a/../b} to {@code b}; a {@code ..} above the top stays and is refused later. */
    private static String resolveDots(String path) {
        java.util.ArrayDeque<String> parts = new java.util.ArrayDeque<>();
        for (String p : path.split("/")) {
            if (p.isEmpty() || p.equals(".")) {
                continue;
            }
            if (p.equals("..") && !parts.isEmpty() && !parts.peekLast().equals("..")) {
                parts.removeLast();
            } else {
                parts.addLast(p);
            }
        }
        return String.join("/", parts);
    }

    @Override
    public void close() throws IOException {
        tar.close();
    }
}

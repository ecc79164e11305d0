package dev.skiff.runtime.storage;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/** Removes directory trees without following symlinks, even when images made their dirs read-only. */
public final class FileTrees {
    private FileTrees() {}

    /**
     * Removes PATH and everything below it by first renaming it into a new trash directory in TMP
     * (the store's tmp/, on PATH's file system): it vanishes at once and whole, even when this
     * command is killed while it deletes, and the next clean-up of tmp/ takes what a kill left.
     * A missing PATH is not an error.
     */
    public static void discard(Path tmp, Path path) throws IOException {
        for (int attempt = 0; ; attempt++) {
            if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                return; // another command removed it
            }
            Files.createDirectories(tmp);
            Path trash = TempPaths.directory(tmp, StorePaths.TRASH_PREFIX);
            try {
                AtomicFiles.rename(path, trash.resolve(path.getFileName().toString()));
            } catch (NoSuchFileException e) {
                Files.deleteIfExists(trash);
                if (attempt < 2) {
                    continue; // gone meanwhile, or a clean-up emptied tmp/ between the two steps
                }
                throw e;
            }
            deleteRecursively(trash); // a clean-up of tmp/ may take it first
            return;
        }
    }

    /**
     * Deletes what killed commands left in TMP under the names that start with one of PREFIXES.
     * The caller holds the store lock: staging under these names happens under it, and a
     * removal racing outside it only finds its files gone, which {@link #deleteRecursively}
     * allows on both sides.
     */
    public static void deleteLeftovers(Path tmp, String... prefixes) throws IOException {
        if (!Files.isDirectory(tmp)) {
            return;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(tmp)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                for (String prefix : prefixes) {
                    if (n.startsWith(prefix)) {
                        deleteRecursively(p);
                        break;
                    }
                }
            }
        }
    }

    /**
     * Deletes {@code path} and everything below it; a missing path is not an error, nor is a
     * part of it that another command's deletion takes first.
     */
    public static void deleteRecursively(Path path) throws IOException {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (attrs.isDirectory()) {
                makeWritable(path);
                try (DirectoryStream<Path> ds = Files.newDirectoryStream(path)) {
                    for (Path child : ds) {
                        deleteRecursively(child);
                    }
                }
            }
        } catch (NoSuchFileException e) {
            return;
        }
        Files.deleteIfExists(path);
    }

    private static void makeWritable(Path dir) throws IOException {
        // an image may ship 0555 dirs; without CAP_DAC_OVERRIDE their entries cannot be removed
        if (!Files.isWritable(dir) || !Files.isExecutable(dir) || !Files.isReadable(dir)) {
            try {
                int mode = (Integer) Files.getAttribute(dir, "unix:mode", LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(dir, "unix:mode", (mode & 07777) | 0700, LinkOption.NOFOLLOW_LINKS);
            } catch (AccessDeniedException e) {
                // not ours to change: the delete below reports the failure
            }
        }
    }
}

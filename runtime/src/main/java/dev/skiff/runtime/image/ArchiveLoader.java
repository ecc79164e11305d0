package dev.skiff.runtime.image;

import dev.skiff.runtime.SkiffException;
import dev.skiff.runtime.archive.ArchiveFile;
import dev.skiff.runtime.archive.InvalidArchiveException;
import dev.skiff.runtime.storage.FileTrees;
import dev.skiff.runtime.storage.StoreLock;
import dev.skiff.runtime.storage.StorePaths;
import dev.skiff.runtime.storage.TempPaths;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/** `load`: recognises the archive's format, reads its images and imports each under the store lock. */
final class ArchiveLoader {
    private ArchiveLoader() {}

    @SuppressWarnings("try") // the lock is held for the whole block
    static List<String> load(StorePaths paths, Path archive, Consumer<String> report, Consumer<String> warn) {
        String what = "archive `" + archive + "`";
        if (!Files.isRegularFile(archive)) {
            throw new SkiffException("load " + what + ": " + (Files.exists(archive) ? "not a regular file" : "no such file"));
        }
        try (StoreLock lock = StoreLock.acquire(paths)) {
            StoreGarbage.cleanTmp(paths);
            Path staging = null;
            try {
                Path tar = archive;
                if (isGzip(archive)) {
                    Files.createDirectories(paths.tmp());
                    staging = TempPaths.directory(paths.tmp(), StoreGarbage.STAGING_PREFIX);
                    tar = staging.resolve("archive.tar");
                    try (InputStream in = new GZIPInputStream(Files.newInputStream(archive), 64 * 1024)) {
                        Files.copy(in, tar);
                    }
                }
                try (ArchiveFile a = ArchiveFile.open(tar, what)) {
                    List<ImageSource> sources = read(a, what);
                    ImageImporter importer = new ImageImporter(paths, report, warn);
                    List<String> loaded = new ArrayList<>();
                    for (ImageSource src : sources) {
                        String id = importer.importImage(src);
                        if (src.names().isEmpty()) {
                            loaded.add("sha256:" + id);
                        } else {
                            loaded.addAll(src.names());
                        }
                    }
                    return loaded;
                }
            } finally {
                if (staging != null) {
                    FileTrees.deleteRecursively(staging);
                }
            }
        } catch (InvalidArchiveException e) {
            throw new SkiffException(e.getMessage(), e);
        } catch (NoSuchFileException e) {
            throw new SkiffException("load " + what + ": no such file `" + e.getFile() + "`", e);
        } catch (AccessDeniedException e) {
            throw new SkiffException("load " + what + ": permission denied: `" + e.getFile() + "`", e);
        } catch (IOException e) {
            throw new SkiffException("load " + what + ": " + e.getMessage(), e);
        }
    }

    private static List<ImageSource> read(ArchiveFile a, String what) throws IOException {
        if (a.contains(OciArchiveReader.LAYOUT) && a.contains(OciArchiveReader.INDEX)) {
            return OciArchiveReader.read(a, what);
        }
        if (a.contains(DockerArchiveReader.MANIFEST)) {
            return DockerArchiveReader.read(a, what);
        }
        throw new InvalidArchiveException(what + ": neither a docker-archive (no manifest.json) nor an oci-archive "
                + "(no oci-layout and index.json)");
    }

    private static boolean isGzip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }
}

package dev.skiff.runtime.container;

import dev.skiff.runtime.SkiffException;
import dev.skiff.runtime.sys.LibC;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The image's layers as a container with a user namespace of its own sees them: copies whose
 * files belong to the ids of skiff's namespace that the container's map gives their owners
 * (podman does the same for such containers). An id the map lacks goes to one it does not
 * cover, so that the file shows as nobody inside. Modes, times, hard links, device nodes
 * (overlay's whiteouts) and user.* attributes (overlay's opaque marks) are kept.
 */
final class ShiftedLayers {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
    private static final int S_IFMT = 0170000;
    private static final int S_IFDIR = 0040000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFLNK = 0120000;

    private ShiftedLayers() {}

    /** One more than the highest uid or gid that owns a file in LAYERS: the ids a map must hold. */
    static long idsUsed(List<Path> layers) {
        long[] max = {0};
        for (Path layer : layers) {
            walk(layer, (p, a) -> max[0] = Math.max(max[0], Math.max(((Number) a.get("uid")).longValue(),
                    ((Number) a.get("gid")).longValue())));
        }
        return max[0] + 1;
    }

    /** Copies LAYERS (top first) to DEST/0, DEST/1, ... with owners moved through MAP; returns the copies. */
    static List<Path> copy(List<Path> layersTopFirst, IdMap map, Path dest) {
        List<Path> out = new ArrayList<>();
        try {
            Files.createDirectories(dest);
            for (int i = 0; i < layersTopFirst.size(); i++) {
                Path to = dest.resolve(Integer.toString(i));
                copyTree(layersTopFirst.get(i), to, map::uidOrStray, map::gidOrStray);
                out.add(to);
            }
        } catch (IOException | RuntimeException e) {
            throw new SkiffException("copy the image's layers for the container's user namespace: " + e.getMessage(), e);
        }
        return out;
    }

    private interface Visitor {
        void visit(Path p, Map<String, Object> attrs) throws IOException;
    }

    private static void walk(Path root, Visitor v) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes a) throws IOException {
                    v.visit(dir, Files.readAttributes(dir, "unix:uid,gid", NOFOLLOW));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes a) throws IOException {
                    v.visit(file, Files.readAttributes(file, "unix:uid,gid", NOFOLLOW));
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new SkiffException("read layer " + root + ": " + e.getMessage(), e);
        }
    }

    private static void copyTree(Path from, Path to, java.util.function.LongUnaryOperator uid,
                                 java.util.function.LongUnaryOperator gid) throws IOException {
        Map<Long, Path> linked = new HashMap<>();
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes a) throws IOException {
                Files.createDirectory(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                finish(dir, to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes a) throws IOException {
                Path target = to.resolve(from.relativize(file).toString());
                Map<String, Object> attrs = Files.readAttributes(file, "unix:mode,nlink,ino,rdev", NOFOLLOW);
                int type = (Integer) attrs.get("mode") & S_IFMT;
                long ino = (Long) attrs.get("ino");
                if (type == S_IFREG && (Integer) attrs.get("nlink") > 1 && linked.containsKey(ino)) {
                    Files.createLink(target, linked.get(ino));
                    return FileVisitResult.CONTINUE;
                }
                if (type == S_IFREG) {
                    Files.copy(file, target, NOFOLLOW);
                    linked.put(ino, target);
                } else if (type == S_IFLNK) {
                    Files.createSymbolicLink(target, Files.readSymbolicLink(file));
                } else {
                    LibC.mknod(target, (Integer) attrs.get("mode"), (Long) attrs.get("rdev")); // devices, FIFOs
                }
                finish(file, target);
                return FileVisitResult.CONTINUE;
            }

            private void finish(Path source, Path target) throws IOException {
                Map<String, Object> a = Files.readAttributes(source, "unix:mode,uid,gid,lastModifiedTime", NOFOLLOW);
                int mode = (Integer) a.get("mode");
                int type = mode & S_IFMT;
                if (type == S_IFDIR || type == S_IFREG) {
                    copyUserAttributes(source, target);
                }
                Files.setAttribute(target, "unix:uid", (int) uid.applyAsLong(((Number) a.get("uid")).longValue()), NOFOLLOW);
                Files.setAttribute(target, "unix:gid", (int) gid.applyAsLong(((Number) a.get("gid")).longValue()), NOFOLLOW);
                if (type != S_IFLNK) {
                    LibC.chmod(target, mode & 07777); // after chown, which clears setuid bits
                }
                FileTime mtime = (FileTime) a.get("lastModifiedTime");
                java.time.Instant t = mtime.toInstant();
                LibC.lutimes(target, t.getEpochSecond(), t.getNano());
            }
        });
    }

    /** user.* extended attributes, among them overlay's opaque and whiteout marks. */
    private static void copyUserAttributes(Path source, Path target) throws IOException {
        UserDefinedFileAttributeView from = Files.getFileAttributeView(source, UserDefinedFileAttributeView.class, NOFOLLOW);
        UserDefinedFileAttributeView into = Files.getFileAttributeView(target, UserDefinedFileAttributeView.class, NOFOLLOW);
        if (from == null || into == null) {
            return;
        }
        for (String name : from.list()) {
            ByteBuffer value = ByteBuffer.allocate(from.size(name));
            from.read(name, value);
            value.flip();
            into.write(name, value);
        }
    }
}

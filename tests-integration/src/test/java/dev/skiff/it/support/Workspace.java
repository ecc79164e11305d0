package dev.skiff.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The temporary directory of one test run: the fixture images, and one home directory per
 * test class for the test user. Removed, with everything skiff stored in it, when the run ends.
 * Shared by classes that run concurrently: what it creates on first use it creates once.
 */
public final class Workspace implements AutoCloseable {

    private final Path root;
    private final TestUser user;
    private final Path launcher;
    /** Held while the workspace runs programs of its own as the test user: skopeo for the fixtures. */
    private final ReentrantLock sharedSetup = new ReentrantLock();
    private Fixtures fixtures;

    private Workspace(Path root, TestUser user, Path launcher) {
        this.root = root;
        this.user = user;
        this.launcher = launcher;
    }

    /** The workspace of this run, created on first use and closed when every test has run. */
    public static Workspace get(ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Workspace.class, k -> create(), Workspace.class);
    }

    private static Workspace create() {
        TestUser user = TestUser.get();
        Path launcher = Path.of(System.getProperty("skiff.bin", "../skiff")).toAbsolutePath().normalize();
        if (!Files.isExecutable(launcher)) {
            throw new IllegalStateException("no skiff launcher at " + launcher + " (set -Dskiff.bin)");
        }
        if (user.viaRunuser() && Cmd.run(List.of("runuser", "-u", user.name(), "--", "test", "-x", launcher.toString()),
                Duration.ofSeconds(10)).exitCode() != 0) {
            throw new IllegalStateException(user.name() + " cannot run " + launcher
                    + ": run ./test.sh, which copies the distribution where it can, or set -Dskiff.bin");
        }
        try {
            Path root = Files.createTempDirectory(Path.of("/tmp"), "skiff-it-");
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
            return new Workspace(root, user, launcher);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path root() {
        return root;
    }

    public TestUser user() {
        return user;
    }

    /** The `skiff` launcher under test. */
    public Path launcher() {
        return launcher;
    }

    /** The fixture images, built on first use. */
    public Fixtures fixtures() {
        sharedSetup.lock();
        try {
            if (fixtures == null) fixtures = Fixtures.build(this, directoryForUser("fixtures"));
            return fixtures;
        } finally {
            sharedSetup.unlock();
        }
    }

    /**
     * Runs LOOK while no shared setup runs as the test user, so that what it finds of that user
     * on the host is the doing of test classes alone: a class looking for its leftovers must not
     * take the skopeo that another, concurrent class's first call of {@link #fixtures()} started
     * for its own (nor kill it).
     */
    <T> T apartFromSharedSetup(Supplier<T> look) {
        sharedSetup.lock();
        try {
            return look.get();
        } finally {
            sharedSetup.unlock();
        }
    }

    /** A fresh directory NAME in the workspace, owned by the test user, mode 0755. */
    public Path directoryForUser(String name) {
        try {
            Path dir = Files.createDirectory(root.resolve(name));
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            giveToUser(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Makes PATH belong to the test user (a no-op unless this JVM runs as root). */
    public void giveToUser(Path path) {
        if (!user.viaRunuser()) return;
        try {
            UserPrincipalLookupService lookup = path.getFileSystem().getUserPrincipalLookupService();
            UserPrincipal owner = lookup.lookupPrincipalByName(user.name());
            GroupPrincipal group = lookup.lookupPrincipalByGroupName(Integer.toString(user.gid()));
            PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class,
                    java.nio.file.LinkOption.NOFOLLOW_LINKS);
            view.setOwner(owner);
            view.setGroup(group);
        } catch (IOException e) {
            throw new UncheckedIOException("chown " + path, e);
        }
    }

    /**
     * Removes DIR and everything in it, including files that skiff stored under subordinate
     * ids; as an ordinary user that takes skiff's own user namespace.
     */
    public void removeTree(Path dir) {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
        if (!user.viaRunuser()) {
            Path shim = shim();
            if (shim != null) {
                Cmd.run(List.of(shim.toString(), "enter", "/bin/rm", "-rf", "--one-file-system", dir.toString()),
                        Duration.ofSeconds(120));
            }
        }
        deleteRecursively(dir);
    }

    /** `skiff-shim` of the distribution under test, or null when it cannot be found. */
    public Path shim() {
        try {
            Path bin = launcher.toRealPath();
            for (Path candidate : List.of(
                    bin.resolveSibling("cli/target/dist/libexec/skiff-shim"),
                    bin.getParent().resolveSibling("libexec/skiff-shim"))) {
                if (Files.isExecutable(candidate)) return candidate;
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    public static void deleteRecursively(Path dir) {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                    if (!Files.isWritable(d) || !Files.isExecutable(d)) {
                        Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwx------"));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(f);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path f, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) return FileVisitResult.CONTINUE;
                    throw e;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    if (e != null && !(e instanceof NoSuchFileException)) throw e;
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (NoSuchFileException e) {
            // already gone
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + dir, e);
        }
    }

    @Override
    public void close() {
        removeTree(root);
    }
}

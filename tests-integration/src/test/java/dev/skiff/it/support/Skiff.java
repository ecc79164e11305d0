package dev.skiff.it.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real `skiff` launcher, run as the unprivileged test user with a home directory (and so
 * an image store) of its own per test class. Register it as a static extension:
 *
 * <pre>{@code @RegisterExtension static final Skiff skiff = new Skiff();}</pre>
 *
 * <p>When the class ends, it fails on anything skiff left on the host (see {@link Leftovers})
 * and ends the test user's processes that were not there when it began.
 */
public final class Skiff implements BeforeAllCallback, AfterAllCallback {

    /** How long one skiff command may take unless a test says otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private final boolean checksLeftovers;
    private Workspace workspace;
    private Path home;
    private Path runtimeDir;
    private Leftovers.Snapshot atStart;

    /** Checks for leftovers when the class ends. */
    public Skiff() {
        this(true);
    }

    private Skiff(boolean checksLeftovers) {
        this.checksLeftovers = checksLeftovers;
    }

    /**
     * For a class that runs concurrently with the others and starts nothing on this host as the
     * test user (it runs skiff elsewhere, in a VM): what it would find of that user meanwhile is
     * the other classes' doing, and their processes are not its to end.
     */
    public static Skiff withoutLeftoverCheck() {
        return new Skiff(false);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        workspace = Workspace.get(context);
        String name = context.getRequiredTestClass().getSimpleName();
        Path dir = workspace.directoryForUser(name);
        home = dir.resolve("home");
        runtimeDir = dir.resolve("run");
        createForUser(home);
        createForUser(runtimeDir);
        if (checksLeftovers) atStart = Leftovers.snapshot(this);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (workspace == null) return;
        if (!checksLeftovers) {
            workspace.removeTree(home.getParent());
            return;
        }
        try {
            Leftovers.assertNoneSince(this, atStart);
        } finally {
            Leftovers.killProcessesOf(this, atStart);
            workspace.removeTree(home.getParent());
        }
    }

    private void createForUser(Path dir) {
        try {
            Files.createDirectory(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            workspace.giveToUser(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A skiff command with the given arguments, to adjust and run. */
    public Invocation command(String... args) {
        return new Invocation(List.of(workspace.launcher().toString()), Arrays.asList(args));
    }

    /** The skiff launcher under test, for scripts that run skiff themselves. */
    public Path launcher() {
        return workspace.launcher();
    }

    /** Runs `skiff ARGS` with nothing on standard input. */
    public Cmd.Result run(String... args) {
        return command(args).run();
    }

    /** Runs any program (podman, skopeo, …) as the test user with this class's environment. */
    public Cmd.Result runAsUser(String... argv) {
        return asUser(argv).run();
    }

    /** Any program as the test user, to give standard input or run later. */
    public Invocation asUser(String... argv) {
        return new Invocation(List.of(), Arrays.asList(argv)).timeout(Duration.ofSeconds(120));
    }

    /**
     * Removes every image podman stored for the test user and stops podman's pause process, which
     * rootless podman keeps for its user namespace and which must not outlive the test.
     */
    public void cleanUpPodman() {
        runAsUser("podman", "rmi", "-a", "-f");
        Path pidFile = runtimeDir.resolve("libpod/tmp/pause.pid");
        try {
            if (!Files.exists(pidFile)) {
                return;
            }
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            ProcessHandle.of(pid).ifPresent(h -> {
                h.destroy();
                h.onExit().orTimeout(5, java.util.concurrent.TimeUnit.SECONDS).exceptionally(t -> {
                    h.destroyForcibly();
                    return h;
                }).join();
            });
        } catch (IOException | NumberFormatException e) {
            throw new AssertionError("cannot stop podman's pause process from " + pidFile, e);
        }
    }

    /** `skiff load -i ARCHIVE`, which must succeed. */
    public Cmd.Result load(Path archive) {
        Cmd.Result r = run("load", "-i", archive.toString());
        assertThat(r.exitCode()).as("skiff load of %s\n%s", archive, r).isZero();
        return r;
    }

    public Workspace workspace() {
        return workspace;
    }

    public Fixtures fixtures() {
        return workspace.fixtures();
    }

    public TestUser user() {
        return workspace.user();
    }

    /** The test user's home directory for this class. */
    public Path home() {
        return home;
    }

    /** XDG_RUNTIME_DIR of this class. */
    public Path runtimeDir() {
        return runtimeDir;
    }

    /** Where skiff keeps images and containers for this user: $XDG_DATA_HOME/skiff/storage. */
    public Path storage() {
        return home.resolve(".local/share/skiff/storage");
    }

    /** Writes a file readable by the test user in its home directory. */
    public Path writeFile(String name, String content) {
        try {
            Path file = home.resolve(name);
            Files.writeString(file, content, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
            workspace.giveToUser(file);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asserts that no process, mount, container directory, cgroup or temp file is left. */
    public void assertNothingLeftBehind() {
        if (!checksLeftovers) throw new IllegalStateException("this class's Skiff was made withoutLeftoverCheck()");
        Leftovers.assertNoneSince(this, atStart);
    }

    /** The environment every command starts with: nothing from this JVM leaks in. */
    Map<String, String> baseEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin");
        env.put("HOME", home.toString());
        env.put("XDG_RUNTIME_DIR", runtimeDir.toString());
        env.put("USER", user().name());
        env.put("LOGNAME", user().name());
        env.put("LANG", "C.UTF-8");
        return env;
    }

    /** One command to run as the test user: arguments, extra environment, stdin, timeout. */
    public final class Invocation {
        private final List<String> program;
        private final List<String> args;
        private final Map<String, String> env = new LinkedHashMap<>();
        private byte[] stdin;
        private Duration timeout = DEFAULT_TIMEOUT;

        private Invocation(List<String> program, List<String> args) {
            this.program = program;
            this.args = args;
        }

        /** Adds NAME=VALUE to the command's environment. */
        public Invocation env(String name, String value) {
            env.put(name, value);
            return this;
        }

        /** Feeds BYTES to standard input, then closes it. */
        public Invocation stdin(byte[] bytes) {
            this.stdin = bytes;
            return this;
        }

        public Invocation stdin(String text) {
            return stdin(text.getBytes(StandardCharsets.UTF_8));
        }

        public Invocation timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** The command line as started: through runuser when this JVM is root. */
        public List<String> argv() {
            Map<String, String> all = baseEnvironment();
            all.putAll(env);
            List<String> argv = new ArrayList<>();
            if (user().viaRunuser()) {
                argv.addAll(List.of("runuser", "-u", user().name(), "--", "/usr/bin/env", "-i"));
                all.forEach((k, v) -> argv.add(k + "=" + v));
            }
            argv.addAll(program);
            argv.addAll(args);
            return argv;
        }

        /** Runs the command to completion. */
        public Cmd.Result run() {
            Map<String, String> all = baseEnvironment();
            all.putAll(env);
            List<String> argv = argv();
            // The test user's home is the working directory: this JVM's may be closed to that user.
            Cmd.Result r = Cmd.run(argv, home, user().viaRunuser() ? Map.of("PATH", all.get("PATH")) : all, stdin, timeout);
            // Report the command as the user typed it, without the runuser prefix.
            List<String> shown = new ArrayList<>();
            if (!program.isEmpty()) shown.add("skiff");
            shown.addAll(args);
            return new Cmd.Result(shown, r.exitCode(), r.stdoutBytes(), r.stderrBytes());
        }

        /** Starts the command without waiting for it. */
        public Process start() {
            Map<String, String> all = baseEnvironment();
            all.putAll(env);
            ProcessBuilder pb = new ProcessBuilder(argv()).directory(home.toFile());
            pb.environment().clear();
            pb.environment().putAll(user().viaRunuser() ? Map.of("PATH", all.get("PATH")) : all);
            try {
                return pb.start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}

package dev.skiff.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs a host command to completion with a timeout and captures its output. */
public final class Cmd {

    /** What a finished command left: its exit code and everything it printed. */
    public record Result(List<String> argv, int exitCode, byte[] stdoutBytes, byte[] stderrBytes) {
        public String stdout() {
            return new String(stdoutBytes, StandardCharsets.UTF_8);
        }

        public String stderr() {
            return new String(stderrBytes, StandardCharsets.UTF_8);
        }

        /** Non-blank lines of standard output, without trailing white space. */
        public List<String> stdoutLines() {
            return lines(stdout());
        }

        /** Non-blank lines of standard error, without trailing white space. */
        public List<String> stderrLines() {
            return lines(stderr());
        }

        private static List<String> lines(String text) {
            return text.lines().map(String::stripTrailing).filter(l -> !l.isBlank()).toList();
        }

        /** A description for assertion messages. */
        @Override
        public String toString() {
            return "`" + String.join(" ", argv) + "` exited " + exitCode
                    + "\n--- stdout ---\n" + abbreviate(stdout()) + "\n--- stderr ---\n" + abbreviate(stderr());
        }

        private static String abbreviate(String s) {
            return s.length() > 4000 ? s.substring(0, 4000) + "\n[… " + (s.length() - 4000) + " more chars]" : s;
        }
    }

    private Cmd() {
    }

    public static Result run(List<String> argv, Duration timeout) {
        return run(argv, null, null, null, timeout);
    }

    /**
     * Runs ARGV in DIR (or this JVM's working directory when null) with exactly ENV (or this
     * JVM's environment when null), feeding STDIN (or nothing: standard input is closed at
     * once) and waiting at most TIMEOUT.
     */
    public static Result run(List<String> argv, Path dir, Map<String, String> env, byte[] stdin, Duration timeout) {
        ProcessBuilder pb = new ProcessBuilder(argv);
        if (dir != null) pb.directory(dir.toFile());
        if (env != null) {
            pb.environment().clear();
            pb.environment().putAll(env);
        }
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + argv, e);
        }
        CompletableFuture<byte[]> out = drain(p.getInputStream());
        CompletableFuture<byte[]> err = drain(p.getErrorStream());
        Thread feeder = Thread.ofVirtual().start(() -> feed(p.getOutputStream(), stdin));
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s: " + String.join(" ", argv)
                        + "\n--- stdout ---\n" + new String(out.getNow(new byte[0]), StandardCharsets.UTF_8)
                        + "\n--- stderr ---\n" + new String(err.getNow(new byte[0]), StandardCharsets.UTF_8));
            }
            feeder.join(Duration.ofSeconds(5));
            return new Result(List.copyOf(argv), p.exitValue(), out.get(30, TimeUnit.SECONDS), err.get(30, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            // a test's @Timeout: what the command started (qemu under a script) must not run on
            Thread.currentThread().interrupt();
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("interrupted: " + argv, e);
        } catch (Exception e) {
            if (e instanceof RuntimeException re) throw re;
            throw new AssertionError("cannot collect the output of " + argv, e);
        }
    }

    private static CompletableFuture<byte[]> drain(InputStream in) {
        CompletableFuture<byte[]> f = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (in) {
                f.complete(in.readAllBytes());
            } catch (IOException e) {
                f.complete(new byte[0]);
            }
        });
        return f;
    }

    private static void feed(OutputStream stdin, byte[] bytes) {
        try (stdin) {
            if (bytes != null) stdin.write(bytes);
        } catch (IOException e) {
            // the command closed its standard input without reading all of it
        }
    }
}

package dev.skiff.runtime.container;

import dev.skiff.runtime.SkiffException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.Deque;

/** Reads a container's k8s-file log ("TIMESTAMP STREAM F|P TEXT" lines) back into its two streams. */
public final class ContainerLog {
    private final Path file;
    private final boolean timestamps;
    private final Instant since;
    private final Instant until;
    private final String prefix;

    /** A reader of FILE; lines written before SINCE or after UNTIL (null: no bound) are skipped. */
    public ContainerLog(Path file, boolean timestamps, Instant since, Instant until) {
        this(file, timestamps, since, until, null);
    }

    /** As {@link #ContainerLog(Path, boolean, Instant, Instant)}, each line after PREFIX and a space (null: none). */
    public ContainerLog(Path file, boolean timestamps, Instant since, Instant until, String prefix) {
        this.file = file;
        this.timestamps = timestamps;
        this.since = since;
        this.until = until;
        this.prefix = prefix;
    }

    /**
     * A --since/--until value as podman takes it: RFC 3339 time, Unix seconds, or a duration
     * before now such as `10m`, `1h30m`, `45s`.
     */
    public static Instant parseTime(String value, String flag, Instant now) {
        String v = value.strip();
        try {
            if (v.matches("\\d+(\\.\\d+)?")) {
                return Instant.ofEpochMilli((long) (Double.parseDouble(v) * 1000));
            }
            if (v.matches("(\\d+(\\.\\d+)?[hms])+")) {
                return now.minus(Duration.parse("PT" + v.toUpperCase(java.util.Locale.ROOT)));
            }
            return OffsetDateTime.parse(v).toInstant();
        } catch (RuntimeException e) {
            throw new SkiffException(flag + " `" + value + "`: not a time (2006-01-02T15:04:05Z), Unix seconds or "
                    + "a duration such as 10m");
        }
    }

    /** Copies the log to OUT and ERR: the last TAIL lines (negative: all); with FOLLOW, until the container exits. */
    public void copy(PrintStream out, PrintStream err, int tail, boolean follow, ContainerDir container)
            throws IOException {
        copyFrom(out, err, tail >= 0 ? tailOffset(tail) : 0, follow, container);
    }

    /** Follows the log from byte FROM (its size before a start) until the container exits. */
    public void follow(PrintStream out, PrintStream err, long from, ContainerDir container) throws IOException {
        copyFrom(out, err, from, true, container);
    }

    private void copyFrom(PrintStream out, PrintStream err, long from, boolean follow, ContainerDir container)
            throws IOException {
        long offset = from;
        byte[] pending = new byte[0];
        while (true) {
            boolean running = follow && container.running();
            if (size() < offset) {
                offset = 0; // the log started over at its --log-opt max-size
                pending = new byte[0];
            }
            byte[] chunk = readFrom(offset);
            offset += chunk.length;
            byte[] data = concat(pending, chunk);
            int start = 0;
            for (int i = 0; i < data.length; i++) {
                if (data[i] == '\n') {
                    emit(new String(data, start, i - start, StandardCharsets.UTF_8), out, err);
                    start = i + 1;
                }
            }
            pending = java.util.Arrays.copyOfRange(data, start, data.length);
            if (!running) {
                break;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        out.flush();
        err.flush();
    }

    private void emit(String line, PrintStream out, PrintStream err) {
        String[] f = line.split(" ", 4);
        if (f.length < 3 || !inRange(f[0])) {
            return;
        }
        StringBuilder b = new StringBuilder();
        if (prefix != null) {
            b.append(prefix).append(' ');
        }
        if (timestamps) {
            b.append(f[0]).append(' ');
        }
        b.append(f.length == 4 ? f[3] : "");
        if (f[2].equals("F")) {
            b.append('\n');
        }
        // one call per line, so that lines of containers followed side by side do not mix
        (f[1].equals("stderr") ? err : out).print(b);
    }

    private boolean inRange(String timestamp) {
        if (since == null && until == null) {
            return true;
        }
        Instant t = OffsetDateTime.parse(timestamp).toInstant();
        return (since == null || !t.isBefore(since)) && (until == null || !t.isAfter(until));
    }

    private long tailOffset(int tail) throws IOException {
        byte[] all = readFrom(0);
        Deque<Integer> starts = new ArrayDeque<>();
        int lineStart = 0;
        for (int i = 0; i < all.length; i++) {
            if (all[i] == '\n') {
                starts.addLast(lineStart);
                if (starts.size() > tail) {
                    starts.removeFirst();
                }
                lineStart = i + 1;
            }
        }
        return starts.isEmpty() ? lineStart : starts.getFirst();
    }

    private byte[] readFrom(long offset) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long len = f.length() - offset;
            if (len <= 0) {
                return new byte[0];
            }
            byte[] b = new byte[(int) Math.min(len, 1 << 20)];
            f.seek(offset);
            f.readFully(b);
            return b;
        } catch (java.io.FileNotFoundException e) {
            if (!Files.exists(file)) {
                return new byte[0];
            }
            throw e;
        }
    }

    /** The log's size now (0 before it exists), from which {@link #follow} can start. */
    public long size() {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}

package dev.skiff.cli.output;

import dev.skiff.oci.image.Descriptor;
import dev.skiff.runtime.registry.BlobProgress;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One progress bar per downloading layer on a terminal, redrawn in place with ANSI cursor moves
 * at most ten times a second: {@code Copying blob 1c40221e0a6f [=====>    ] 1.2MB / 3.4MB}.
 */
public final class ProgressBars implements BlobProgress {
    private static final int WIDTH = 30;
    private static final long INTERVAL_NANOS = 100_000_000L;

    private final PrintWriter err;
    private final List<Descriptor> blobs = new ArrayList<>();
    private final List<long[]> done = new ArrayList<>();
    private int drawnLines;
    private long lastDraw;

    public ProgressBars(PrintWriter err) {
        this.err = err;
    }

    /** True when standard error is a terminal, so bars can be redrawn in place. */
    public static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return (target.startsWith("/dev/pts/") || target.startsWith("/dev/tty")) && !"dumb".equals(System.getenv("TERM"));
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public synchronized void started(Descriptor blob) {
        blobs.add(blob);
        done.add(new long[] {0});
        draw(true);
    }

    @Override
    public synchronized void advanced(Descriptor blob, long bytes) {
        int i = blobs.indexOf(blob);
        if (i >= 0) {
            done.get(i)[0] = bytes;
        }
        draw(false);
    }

    @Override
    public synchronized void finished(Descriptor blob) {
        int i = blobs.indexOf(blob);
        if (i >= 0) {
            done.get(i)[0] = blob.size();
        }
        draw(true);
    }

    private void draw(boolean force) {
        long now = System.nanoTime();
        if (!force && now - lastDraw < INTERVAL_NANOS) {
            return;
        }
        lastDraw = now;
        StringBuilder b = new StringBuilder();
        if (drawnLines > 0) {
            b.append("\033[").append(drawnLines).append('F'); // back to the first bar
        }
        for (int i = 0; i < blobs.size(); i++) {
            Descriptor d = blobs.get(i);
            long n = done.get(i)[0];
            b.append("\033[2K").append("Copying blob ").append(d.digest().shortHex()).append(' ');
            if (n >= d.size()) {
                b.append("done   ").append(HumanUnits.size(d.size()));
            } else {
                int filled = d.size() == 0 ? WIDTH : (int) (WIDTH * n / d.size());
                b.append('[').append("=".repeat(filled)).append(filled < WIDTH ? ">" : "")
                        .append(" ".repeat(Math.max(0, WIDTH - filled - 1))).append("] ")
                        .append(HumanUnits.size(n)).append(" / ").append(HumanUnits.size(d.size()));
            }
            b.append('\n');
        }
        drawnLines = blobs.size();
        err.print(b);
        err.flush();
    }
}

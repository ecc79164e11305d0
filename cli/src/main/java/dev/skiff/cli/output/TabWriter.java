package dev.skiff.cli.output;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Aligned columns as Podman prints tables (Go's tabwriter with minimum width 12 and padding 2);
 * the last column is not padded.
 */
public final class TabWriter {
    private static final int MIN_WIDTH = 12;
    private static final int PADDING = 2;
    private final List<List<String>> rows = new ArrayList<>();

    /** Adds a row of cells. */
    public TabWriter row(String... cells) {
        rows.add(List.of(cells));
        return this;
    }

    /** Writes all rows. */
    public void printTo(PrintWriter out) {
        int columns = rows.stream().mapToInt(List::size).max().orElse(0);
        int[] width = new int[columns];
        for (List<String> r : rows) {
            for (int i = 0; i < r.size() - 1; i++) {
                width[i] = Math.max(width[i], Math.max(MIN_WIDTH, r.get(i).length() + PADDING));
            }
        }
        StringBuilder b = new StringBuilder();
        for (List<String> r : rows) {
            b.setLength(0);
            for (int i = 0; i < r.size(); i++) {
                b.append(r.get(i));
                if (i < r.size() - 1) {
                    b.repeat(' ', width[i] - r.get(i).length());
                }
            }
            out.println(b);
        }
        out.flush();
    }
}

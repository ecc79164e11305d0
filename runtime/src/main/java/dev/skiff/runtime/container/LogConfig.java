package dev.skiff.runtime.container;

import dev.skiff.runtime.SkiffException;
import java.util.List;
import java.util.Locale;

/**
 * `--log-driver` and `--log-opt`: where a container's output goes.
 *
 * @param driver  k8s-file (a log file `skiff logs` reads; in the foreground the output is shown too),
 *                none (nothing kept) or passthrough (the caller's own stdout and stderr)
 * @param path    `--log-opt path=`: the log file, or null for the container's own
 * @param maxSize `--log-opt max-size=`: the log starts over past this many bytes; 0 for no limit
 */
public record LogConfig(String driver, String path, long maxSize) {
    public static final String K8S_FILE = "k8s-file";
    public static final LogConfig DEFAULT = new LogConfig(K8S_FILE, null, 0);

    /** Parses the flags; a null driver means k8s-file. */
    public static LogConfig parse(String driver, List<String> options) {
        String d = driver == null || driver.isEmpty() ? K8S_FILE : driver;
        if (!d.equals(K8S_FILE) && !d.equals("none") && !d.equals("passthrough")) {
            throw new SkiffException("--log-driver " + d + ": unsupported log driver; use k8s-file, none or passthrough");
        }
        String path = null;
        long max = 0;
        for (String opt : options) {
            int eq = opt.indexOf('=');
            String key = eq < 0 ? opt : opt.substring(0, eq);
            String value = eq < 0 ? "" : opt.substring(eq + 1);
            switch (key) {
                case "path" -> {
                    if (!value.startsWith("/")) {
                        throw new SkiffException("--log-opt " + opt + ": the log path must be absolute");
                    }
                    path = value;
                }
                case "max-size" -> max = size(value, opt);
                default -> throw new SkiffException("--log-opt " + opt + ": unknown option; use path=FILE or "
                        + "max-size=SIZE");
            }
        }
        if (!d.equals(K8S_FILE) && (path != null || max > 0)) {
            throw new SkiffException("--log-opt applies to the k8s-file driver, not to " + d);
        }
        return new LogConfig(d, path, max);
    }

    /** Whether `skiff logs` has anything to read. */
    public boolean readable() {
        return driver.equals(K8S_FILE);
    }

    /** A size as podman takes it: bytes, or with b, k, kb, m, mb, g or gb (powers of 1024). */
    static long size(String value, String opt) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        int i = 0;
        while (i < v.length() && (Character.isDigit(v.charAt(i)) || v.charAt(i) == '.')) {
            i++;
        }
        try {
            double n = Double.parseDouble(v.substring(0, i));
            long unit = switch (v.substring(i)) {
                case "", "b" -> 1L;
                case "k", "kb", "kib" -> 1L << 10;
                case "m", "mb", "mib" -> 1L << 20;
                case "g", "gb", "gib" -> 1L << 30;
                default -> throw new NumberFormatException();
            };
            long bytes = (long) (n * unit);
            if (bytes <= 0) {
                throw new NumberFormatException();
            }
            return bytes;
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            throw new SkiffException("--log-opt " + opt + ": not a size; give e.g. 10mb, 512k or 1g");
        }
    }
}

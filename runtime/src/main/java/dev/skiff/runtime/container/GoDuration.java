package dev.skiff.runtime.container;

/** Durations written as Go's time.Duration prints them ("1h2m3.5s", "250ms", "0s"), as podman shows them. */
final class GoDuration {
    private GoDuration() {}

    static String format(long nanos) {
        if (nanos == 0) {
            return "0s";
        }
        String sign = nanos < 0 ? "-" : "";
        long u = Math.abs(nanos);
        if (u < 1_000L) {
            return sign + u + "ns";
        }
        if (u < 1_000_000L) {
            return sign + fraction(u, 1_000L, 3) + "µs";
        }
        if (u < 1_000_000_000L) {
            return sign + fraction(u, 1_000_000L, 6) + "ms";
        }
        long seconds = u / 1_000_000_000L;
        StringBuilder b = new StringBuilder(sign);
        long h = seconds / 3600;
        long m = seconds % 3600 / 60;
        if (h > 0) {
            b.append(h).append('h');
        }
        if (h > 0 || m > 0) {
            b.append(m).append('m');
        }
        b.append(fraction(u % 60_000_000_000L, 1_000_000_000L, 9)).append('s');
        return b.toString();
    }

    /** VALUE / UNIT with the remainder as up to DIGITS decimals, trailing zeros dropped. */
    private static String fraction(long value, long unit, int digits) {
        long whole = value / unit;
        long rest = value % unit;
        if (rest == 0) {
            return Long.toString(whole);
        }
        String decimals = String.format("%0" + digits + "d", rest).replaceAll("0+$", "");
        return whole + "." + decimals;
    }
}

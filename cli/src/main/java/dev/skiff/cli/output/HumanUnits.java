package dev.skiff.cli.output;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;

/** Sizes and ages written as Podman writes them (Docker's go-units): {@code 1.99 MB}, {@code 2 weeks}. */
public final class HumanUnits {
    private static final String[] DECIMAL_UNITS = {"B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"};
    private static final String[] BINARY_UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"};

    private HumanUnits() {}

    /** SI units with 3 significant digits, as {@code podman images} shows SIZE. */
    public static String size(long bytes) {
        return scaled(bytes, 1000, DECIMAL_UNITS, 3, " ");
    }

    /** go-units' {@code HumanSize}: 4 significant digits, no space, as {@code podman system df} shows sizes. */
    public static String sizeCompact(long bytes) {
        return sizeCompact(bytes, 4);
    }

    /** go-units' {@code HumanSizeWithPrecision}: DIGITS significant digits, no space ({@code podman stats}). */
    public static String sizeCompact(long bytes, int digits) {
        return scaled(bytes, 1000, DECIMAL_UNITS, digits, "");
    }

    /** go-units' {@code BytesSize}: binary units, 4 significant digits ({@code 1.5MiB}). */
    public static String sizeIec(long bytes) {
        return scaled(bytes, 1024, BINARY_UNITS, 4, "");
    }

    private static String scaled(long bytes, int base, String[] units, int digits, String space) {
        double size = bytes;
        int i = 0;
        while (size >= base && i < units.length - 1) {
            size /= base;
            i++;
        }
        return formatG(size, digits) + space + units[i];
    }

    /** Go's {@code %.<precision>g}: shortest form, trailing zeros dropped, exponent form when large. */
    static String formatG(double value, int precision) {
        if (value == 0) {
            return "0";
        }
        BigDecimal bd = new BigDecimal(value).round(new MathContext(precision, RoundingMode.HALF_EVEN));
        int exponent = bd.precision() - bd.scale() - 1;
        if (exponent < -4 || exponent >= precision) {
            BigDecimal mantissa = bd.movePointLeft(exponent).stripTrailingZeros();
            String e = String.format("%02d", Math.abs(exponent));
            return mantissa.toPlainString() + "e" + (exponent < 0 ? "-" : "+") + e;
        }
        return bd.stripTrailingZeros().toPlainString();
    }

    /** How long ago, as {@code podman images} shows CREATED: {@code About a minute}, {@code 3 days}. */
    public static String duration(Duration d) {
        long seconds = d.toSeconds();
        if (seconds < 1) {
            return "Less than a second";
        } else if (seconds == 1) {
            return "1 second";
        } else if (seconds < 60) {
            return seconds + " seconds";
        }
        long minutes = d.toMinutes();
        if (minutes == 1) {
            return "About a minute";
        } else if (minutes < 60) {
            return minutes + " minutes";
        }
        long hours = Math.round(d.toMillis() / 3_600_000.0);
        if (hours == 1) {
            return "About an hour";
        } else if (hours < 48) {
            return hours + " hours";
        } else if (hours < 24 * 7 * 2) {
            return hours / 24 + " days";
        } else if (hours < 24 * 30 * 2) {
            return hours / 24 / 7 + " weeks";
        } else if (hours < 24 * 365 * 2) {
            return hours / 24 / 30 + " months";
        }
        return d.toHours() / 24 / 365 + " years";
    }
}

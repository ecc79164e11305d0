package dev.skiff.cli.output;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;

/** Times written as Go's time package writes them, for output that must match Podman's. */
public final class GoTime {
    /** Go's zero {@code time.Time}, which Podman prints for a time an image does not give. */
    public static final OffsetDateTime ZERO = OffsetDateTime.of(1, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    /** The longest {@code time.Duration}: {@code time.Since} saturates there (about 292 years). */
    public static final Duration MAX_DURATION = Duration.ofNanos(Long.MAX_VALUE);

    private static final DateTimeFormatter UTC_SECONDS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss '+0000 UTC'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter RFC3339 = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd'T'HH:mm:ss").appendOffset("+HH:MM", "Z").toFormatter();
    private static final DateTimeFormatter RFC3339_NANO = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd'T'HH:mm:ss").appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
            .appendOffset("+HH:MM", "Z").toFormatter();

    private GoTime() {}

    /** {@code t.UTC().String()} of a time without its fraction: {@code 2026-11-29 19:14:19 +0000 UTC}. */
    public static String utcSeconds(Instant t) {
        return UTC_SECONDS.format(t);
    }

    /** {@code time.RFC3339} in the time's own offset: {@code 2021-06-01T12:00:00+02:00}, {@code …Z} for UTC. */
    public static String rfc3339(OffsetDateTime t) {
        return RFC3339.format(t);
    }

    /** {@code time.RFC3339Nano}, as encoding/json writes a time: trailing zeros of the fraction dropped. */
    public static String rfc3339Nano(OffsetDateTime t) {
        return RFC3339_NANO.format(t);
    }

    /** {@code time.Since(t)} as of {@code now}, saturated at {@link #MAX_DURATION} as Go's is. */
    public static Duration since(Instant t, Instant now) {
        if (t.isBefore(now.minus(MAX_DURATION))) {
            return MAX_DURATION;
        }
        return Duration.between(t, now);
    }
}

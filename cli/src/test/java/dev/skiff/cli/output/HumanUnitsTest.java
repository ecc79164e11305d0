package dev.skiff.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HumanUnitsTest {
    @ParameterizedTest(name = "{0} bytes → {1}")
    @CsvSource({
            "0, 0 B",
            "999, 999 B",
            "1000, 1 kB",
            "1500, 1.5 kB",
            "1988206, 1.99 MB",
            "4530000, 4.53 MB",
            "12345678, 12.3 MB",
            "123456789, 123 MB",
            "999500, 1e+03 kB",
            "2000000000, 2 GB",
    })
    void size_isSiWithThreeSignificantDigits(long bytes, String expected) {
        assertThat(HumanUnits.size(bytes)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} bytes → {1}")
    @CsvSource({
            "0, 0B",
            "1987655, 1.988MB",
            "1500, 1.5kB",
            "12345678, 12.35MB",
    })
    void sizeCompact_isGoUnitsHumanSize(long bytes, String expected) {
        assertThat(HumanUnits.sizeCompact(bytes)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}s → {1}")
    @CsvSource({
            "0, Less than a second",
            "1, 1 second",
            "59, 59 seconds",
            "60, About a minute",
            "119, About a minute",
            "120, 2 minutes",
            "3599, 59 minutes",
            "3600, About an hour",
            "5399, About an hour",
            "5400, 2 hours",
            "170000, 47 hours",
            "172799, 2 days",
            "172800, 2 days",
            "1209600, 2 weeks",
            "5184000, 2 months",
            "63072000, 2 years",
    })
    void duration_readsLikePodman(long seconds, String expected) {
        assertThat(HumanUnits.duration(Duration.ofSeconds(seconds))).isEqualTo(expected);
    }
}

package dev.skiff.runtime.container;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GoDurationTest {
    @Test
    void formatsAsGoDoes() {
        assertThat(GoDuration.format(0)).isEqualTo("0s");
        assertThat(GoDuration.format(999)).isEqualTo("999ns");
        assertThat(GoDuration.format(1_500)).isEqualTo("1.5µs");
        assertThat(GoDuration.format(10_000_000)).isEqualTo("10ms");
        assertThat(GoDuration.format(5_059_232_452L)).isEqualTo("5.059232452s");
        assertThat(GoDuration.format(120_000_000_000L)).isEqualTo("2m0s");
        assertThat(GoDuration.format(3_723_500_000_000L)).isEqualTo("1h2m3.5s");
        assertThat(GoDuration.format(-1_000_000_000L)).isEqualTo("-1s");
    }

    @Test
    void ttyNumbersReadAsPsDoes() {
        assertThat(ContainerTop.tty(0)).isEqualTo("?");
        assertThat(ContainerTop.tty((136 << 8) | 3)).isEqualTo("pts/3");
        assertThat(ContainerTop.tty((4 << 8) | 1)).isEqualTo("tty1");
    }
}

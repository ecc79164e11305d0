package dev.skiff.runtime.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.runtime.SkiffException;
import org.junit.jupiter.api.Test;

/** `-p` values: their parts, and which of them skiff-shim's forwarder relays instead of pasta. */
class PortMappingTest {
    @Test
    void parse_readsAddressPortsRangeAndProtocol() {
        assertThat(PortMapping.parse("127.0.0.1:8080-8081:80-81/tcp"))
                .isEqualTo(new PortMapping("127.0.0.1", 8080, 80, 2, "tcp"));
        assertThat(PortMapping.parse("[::1]:8080:80")).isEqualTo(new PortMapping("::1", 8080, 80, 1, "tcp"));
        assertThat(PortMapping.parse("53:53/udp")).isEqualTo(new PortMapping("", 53, 53, 1, "udp"));
        assertThat(PortMapping.parse("80")).isEqualTo(new PortMapping("", 0, 80, 1, "tcp"));
        assertThatThrownBy(() -> PortMapping.parse("8080:80/sctp")).isInstanceOf(SkiffException.class)
                .hasMessageContaining("tcp or udp");
        assertThatThrownBy(() -> PortMapping.parse("8080-8082:80-81")).isInstanceOf(SkiffException.class)
                .hasMessageContaining("differ in length");
    }

    @Test
    void onlyTcpOnALoopbackAddress_goesThroughTheForwarder() {
        assertThat(PortMapping.parse("127.0.0.1:8080:80").onLoopback()).isTrue();
        assertThat(PortMapping.parse("127.1.2.3:8080:80").onLoopback()).isTrue();
        assertThat(PortMapping.parse("[::1]:8080:80").onLoopback()).isTrue();
        assertThat(PortMapping.parse("[0:0:0:0:0:0:0:1]:8080:80").onLoopback()).isTrue();

        assertThat(PortMapping.parse("127.0.0.1:5353:53/udp").onLoopback()).as("UDP stays with pasta").isFalse();
        assertThat(PortMapping.parse("8080:80").onLoopback()).as("all addresses: clients keep their source address")
                .isFalse();
        assertThat(PortMapping.parse("192.168.1.2:8080:80").onLoopback()).isFalse();
        assertThat(PortMapping.parse("[::]:8080:80").onLoopback()).isFalse();
    }

    @Test
    void aRange_isPublishedPortByPort() {
        assertThat(PortMapping.parse("127.0.0.1:8080-8081:80-81").single()).containsExactly(
                new PortMapping("127.0.0.1", 8080, 80, 1, "tcp"), new PortMapping("127.0.0.1", 8081, 81, 1, "tcp"));
    }
}

package dev.skiff.runtime.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanTest {
    @Test
    void records_areKeywordThenFields_eachNulTerminated() {
        byte[] bytes = new Plan()
                .namespaces(List.of("pid", "mnt"))
                .mount(new Mount("proc", "/proc", "proc", Mount.MS_NOSUID | Mount.MS_NODEV, ""))
                .user(0, 5)
                .capabilities(Capabilities.DEFAULT, 0)
                .arg("sh")
                .toBytes();
        String text = new String(bytes, StandardCharsets.UTF_8).replace('\0', '|');
        assertThat(text).isEqualTo("namespaces|pid,mnt|mount|proc|/proc|proc|6||user|0|5|"
                + "capbound|800405fb|capeff|0|arg|sh|");
    }

    @Test
    void fieldWithNul_isRefused() {
        assertThatThrownBy(() -> new Plan().env("A=b\0c")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void defaultCapabilities_matchPodmansCapEff() {
        assertThat(Long.toHexString(Capabilities.DEFAULT)).isEqualTo("800405fb");
        assertThat(Capabilities.bit("cap_sys_admin")).isEqualTo(21);
    }
}

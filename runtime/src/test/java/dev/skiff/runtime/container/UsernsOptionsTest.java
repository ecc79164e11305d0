package dev.skiff.runtime.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.runtime.SkiffException;
import java.util.List;
import org.junit.jupiter.api.Test;

class UsernsOptionsTest {
    /** skiff's own namespace for a user 1000 with 65536 subordinate ids from 100000. */
    private static final IdMap SELF = IdMap.of(
            List.of(new IdMap.Range(0, 1000, 1), new IdMap.Range(1, 100000, 65536)),
            List.of(new IdMap.Range(0, 1000, 1), new IdMap.Range(1, 100000, 65536)));

    private static UsernsOptions mode(String mode) {
        return new UsernsOptions(mode, List.of(), List.of());
    }

    @Test
    void keepId_mapsTheUsersIdToSkiffsZero_andTheRestAroundIt() {
        IdMap m = mode("keep-id").resolve(SELF, List.of(), 0);

        assertThat(m.uidRanges()).containsExactly(new IdMap.Range(0, 1, 1000), new IdMap.Range(1000, 0, 1),
                new IdMap.Range(1001, 1001, 64536));
        assertThat(m.uid(1000)).isZero();
        assertThat(m.uid(0)).isEqualTo(1);
        assertThat(m.uidCount()).isEqualTo(65537);
        assertThat(m.insideUid(0)).isEqualTo(1000);
    }

    @Test
    void auto_takesTheLowestFreeRange_ofTheSizeTheImageNeeds() {
        IdMap first = mode("auto").resolve(SELF, List.of(), 10);
        assertThat(first.uidRanges()).containsExactly(new IdMap.Range(0, 1, 1024));

        IdMap second = mode("auto").resolve(SELF, List.of(first), 2000);
        assertThat(second.uidRanges()).containsExactly(new IdMap.Range(0, 1025, 2000));
        assertThat(second.gidRanges()).isEqualTo(second.uidRanges());

        IdMap gap = mode("auto:size=1024").resolve(SELF, List.of(second), 0);
        assertThat(gap.uidRanges()).as("the free ids before the other range").containsExactly(new IdMap.Range(0, 1, 1024));

        assertThatThrownBy(() -> mode("auto:size=65536").resolve(SELF, List.of(first), 0))
                .isInstanceOf(SkiffException.class).hasMessageContaining("no 65536 free ids");
        assertThatThrownBy(() -> mode("auto:size=100").resolve(SELF, List.of(), 1235))
                .hasMessageContaining("size=1235");
    }

    @Test
    void maps_areCheckedAgainstSkiffsIds_andOneServesForBoth() {
        IdMap m = new UsernsOptions("", List.of("0:100:10", "10:0:1"), List.of()).resolve(SELF, List.of(), 0);
        assertThat(m.gidRanges()).isEqualTo(m.uidRanges());
        assertThat(m.uidOrStray(10)).isZero();
        assertThat(m.uidOrStray(50)).as("unmapped: the lowest id no range covers").isEqualTo(1);

        assertThatThrownBy(() -> new UsernsOptions("", List.of("0:65000:1000"), List.of()).resolve(SELF, List.of(), 0))
                .hasMessageContaining("ids 0 to 65536");
        assertThatThrownBy(() -> new UsernsOptions("", List.of("0:-1:5"), List.of())).hasMessageContaining("--uidmap");
        assertThatThrownBy(() -> new UsernsOptions("auto", List.of("0:1:5"), List.of())).hasMessageContaining("choose one");
        assertThatThrownBy(() -> mode("auto:count=5")).hasMessageContaining("size=N");
        assertThat(mode("host").ownNamespace()).isFalse();
        assertThat(new UsernsOptions(null, List.of(), List.of("0:1:5")).ownNamespace()).isTrue();
    }

    @Test
    void records_roundTrip() {
        IdMap m = mode("keep-id").resolve(SELF, List.of(), 0);
        IdMap back = IdMap.parse(m.records());
        assertThat(back.uidRanges()).isEqualTo(m.uidRanges());
        assertThat(back.gidRanges()).isEqualTo(m.gidRanges());
    }
}

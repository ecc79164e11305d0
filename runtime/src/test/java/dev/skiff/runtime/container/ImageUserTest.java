package dev.skiff.runtime.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.runtime.SkiffException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageUserTest {
    @TempDir
    Path layer;

    @BeforeEach
    void writeTables() throws Exception {
        Files.createDirectories(layer.resolve("etc"));
        Files.writeString(layer.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\napp:x:1234:1234::/home/app:/bin/sh\n");
        Files.writeString(layer.resolve("etc/group"), "root:x:0:\napp:x:1234:\nwheel:x:10:app\n");
    }

    @Test
    void name_resolvesUidGidHomeAndSupplementaryGroups() {
        ImageUser.Identity id = new ImageUser(List.of(layer)).resolve("app");
        assertThat(id).isEqualTo(new ImageUser.Identity(1234, 1234, List.of(10L), "/home/app"));
    }

    @Test
    void numericUidWithoutEntry_getsGroupZero() {
        assertThat(new ImageUser(List.of(layer)).resolve("4321")).isEqualTo(new ImageUser.Identity(4321, 0, List.of(), "/"));
    }

    @Test
    void userAndGroupByName() {
        ImageUser.Identity id = new ImageUser(List.of(layer)).resolve("app:wheel");
        assertThat(id.uid()).isEqualTo(1234);
        assertThat(id.gid()).isEqualTo(10);
    }

    @Test
    void emptySpec_isRoot() {
        assertThat(new ImageUser(List.of(layer)).resolve("").uid()).isZero();
    }

    @Test
    void unknownName_isAClearError() {
        assertThatThrownBy(() -> new ImageUser(List.of(layer)).resolve("nobody2"))
                .isInstanceOf(SkiffException.class).hasMessageContaining("user `nobody2`");
    }

    @Test
    void upperLayerPasswd_wins(@TempDir Path upper) throws Exception {
        Files.createDirectories(upper.resolve("etc"));
        Files.writeString(upper.resolve("etc/passwd"), "app:x:999:999::/:/bin/sh\n");
        assertThat(new ImageUser(List.of(upper, layer)).resolve("app").uid()).isEqualTo(999);
    }

    @Test
    void passwdThatIsASymlink_isNotFollowed(@TempDir Path upper) throws Exception {
        Files.createDirectories(upper.resolve("etc"));
        Files.createSymbolicLink(upper.resolve("etc/passwd"), Path.of("/etc/passwd"));
        assertThatThrownBy(() -> new ImageUser(List.of(upper, layer)).resolve("app"))
                .isInstanceOf(SkiffException.class);
    }
}

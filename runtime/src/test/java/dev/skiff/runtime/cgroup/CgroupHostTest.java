package dev.skiff.runtime.cgroup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupHostTest {
    @TempDir
    Path tmp;

    private static String mount(String id, String point, String type, String opts) {
        return id + " 23 0:28 / " + point + " rw,relatime - " + type + " " + type + " " + opts + "\n";
    }

    @Test
    void hybrid_hasV1ControllersBesideTheUnifiedMount_andNamesTheWayToV2() {
        String mountinfo = mount("32", "/sys/fs/cgroup/memory", "cgroup", "rw,memory")
                + mount("40", "/sys/fs/cgroup/systemd", "cgroup", "rw,xattr,name=systemd")
                + mount("41", tmp.toString(), "cgroup2", "rw");
        CgroupHost host = CgroupHost.probe(mountinfo, "4:memory:/\n0::/\n");

        assertThat(host.version()).isEqualTo("hybrid");
        assertThat(host.v1()).containsExactly("memory");
        assertThat(host.usable("memory")).isFalse();
        assertThat(host.whyNot("memory")).contains("hybrid", "systemd.unified_cgroup_hierarchy=1");
    }

    @Test
    void v2_theUserManagersControllers_areWhatContainersGet_andTheMissingOnesAreNamed() throws IOException {
        Path own = Files.createDirectories(tmp.resolve("user.slice/run-1.scope"));
        Files.writeString(own.resolve("cgroup.controllers"), "cpu memory pids\n");
        Files.writeString(own.resolve("cgroup.procs"), "");
        Files.writeString(own.resolve("cgroup.subtree_control"), "");
        CgroupHost host = CgroupHost.probe(mount("41", tmp.toString(), "cgroup2", "rw"), "0::/user.slice/run-1.scope\n");

        assertThat(host.version()).isEqualTo("v2");
        assertThat(host.own()).isEqualTo(own);
        assertThat(host.manager()).isEqualTo("systemd");
        assertThat(host.delegated()).isTrue();
        assertThat(host.usable("memory")).as("containers go to scopes of the user's manager, not found here").isFalse();
        assertThat(host.whyNot("memory")).contains("no systemd user manager");
        CgroupHost managed = new CgroupHost(host.version(), host.unified(), host.own(), host.ownPath(),
                host.controllers(), host.v1(), host.delegated(), java.util.Set.of("cpu", "memory", "pids"));
        assertThat(managed.usable("memory")).isTrue();
        assertThat(managed.whyNot("io")).contains("io controller is not delegated", "cpu memory pids", "Delegate=");
    }

    @Test
    void v1Only_andNothingMounted() {
        assertThat(CgroupHost.probe(mount("32", "/sys/fs/cgroup/pids", "cgroup", "rw,pids"), "").version())
                .isEqualTo("v1");
        assertThat(CgroupHost.probe("", "").whyNot("pids")).contains("no cgroup file system");
    }
}

package dev.skiff.it.lifecycle;

import static dev.skiff.it.support.Fixtures.IMAGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.skiff.it.support.Cmd;
import dev.skiff.it.support.Expect;
import dev.skiff.it.support.Skiff;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A limit holds or the run stops: on a host where this user has no cgroup v2 controller (cgroup
 * v1, hybrid, or not delegated), a limit flag is a clear error, unless cgroups are disabled or
 * limits best-effort. Where the limits really hold is tested in a VM with a cgroup v2 host.
 */
class CgroupLimitsTest {
    @RegisterExtension
    static final Skiff skiff = new Skiff();

    private static boolean limitsHold;

    @BeforeAll
    static void image() {
        skiff.load(skiff.fixtures().dockerArchive());
        // on a host whose user manager has cgroup v2 controllers, limits hold (CgroupV2VmTest's case)
        limitsHold = !Expect.exit(skiff.run("info", "--format", "{{.Host.CgroupControllers}}"), 0).strip().equals("[]");
    }

    @Test
    void aLimitThatCannotHold_stopsTheRun_namingTheFlagTheControllerAndTheWayOut() {
        assumeFalse(limitsHold, "this host holds limits");
        assertThat(Expect.failsWithOneLine(skiff.run("run", "--rm", "--memory", "64m", IMAGE, "true"), 125))
                .contains("--memory 64m needs the cgroup v2 memory controller", "--cgroups=disabled");
        assertThat(Expect.failsWithOneLine(skiff.run("run", "--rm", "--pids-limit", "100", IMAGE, "true"), 125))
                .contains("--pids-limit 100", "pids controller");
        assertThat(Expect.failsWithOneLine(skiff.run("create", "--cpus", "1.5", IMAGE, "true"), 125))
                .contains("--cpus 1.5", "cpu controller");
        assertThat(Expect.failsWithOneLine(skiff.run("run", "--rm", "--memory", "lots", IMAGE, "true"), 125))
                .contains("--memory `lots`", "size");
        assertThat(Expect.failsWithOneLine(skiff.run("run", "--rm", "--cgroups", "maybe", IMAGE, "true"), 125))
                .contains("--cgroups");
        assertThat(skiff.run("ps", "-a", "-q").stdoutLines()).as("nothing created").isEmpty();
    }

    @Test
    void withCgroupsDisabled_orBestEffortLimits_theRunGoesOnWithAWarning() {
        assumeFalse(limitsHold, "this host holds limits");
        Cmd.Result disabled = skiff.run("run", "--rm", "--cgroups=disabled", "--memory", "64m", IMAGE, "echo", "ran");
        assertThat(Expect.lines(disabled)).containsExactly("ran");
        assertThat(disabled.stderr()).contains("Warning: --memory 64m is not applied: cgroups are disabled");

        Path conf = skiff.writeFile("containers.conf", "[containers]\ncgroup_limits = \"best-effort\"\n");
        Cmd.Result bestEffort = skiff.command("run", "--rm", "--pids-limit", "50", IMAGE, "echo", "ran")
                .env("CONTAINERS_CONF", conf.toString()).run();
        assertThat(Expect.lines(bestEffort)).containsExactly("ran");
        assertThat(bestEffort.stderr()).contains("Warning: --pids-limit 50 is not applied");

        Path bad = skiff.writeFile("bad.conf", "[containers]\ncgroup_limits = \"sometimes\"\n");
        assertThat(Expect.failsWithOneLine(skiff.command("run", "--rm", "--pids-limit", "50", IMAGE, "true")
                .env("CONTAINERS_CONF", bad.toString()).run(), 125)).contains("cgroup_limits", "best-effort");
        assertThat(Expect.lines(skiff.run("run", "--rm", IMAGE, "echo", "no limits, no cgroup needed")))
                .containsExactly("no limits, no cgroup needed");
    }

    @Test
    void pause_withoutACgroupOfItsOwn_failsSayingWhatItTakes() {
        assumeFalse(limitsHold, "this host holds limits");
        Expect.exit(skiff.run("run", "-d", "--name", "unfreezable", IMAGE, "sleep", "60"), 0);
        assertThat(Expect.failsWithOneLine(skiff.run("pause", "unfreezable"), 125))
                .contains("unfreezable", "cgroup v2");
        assertThat(Expect.lines(skiff.run("inspect", "--format", "{{.State.Status}}", "unfreezable")))
                .containsExactly("running");
        Expect.exit(skiff.run("rm", "-f", "-t", "0", "unfreezable"), 0);
    }

    @Test
    void info_reportsTheCgroupVersionTheStoreAndTheIdMappings() throws Exception {
        String mountinfo = Files.readString(Path.of("/proc/self/mountinfo"));
        boolean v1 = mountinfo.lines().anyMatch(l -> l.contains(" - cgroup "));
        assertThat(Expect.exit(skiff.run("info", "--format", "{{.Host.CgroupsVersion}}"), 0).strip())
                .isEqualTo(v1 ? "v1" : "v2");

        String yaml = Expect.exit(skiff.run("info"), 0);
        assertThat(yaml).contains("graphDriverName: overlay", "graphRoot: " + skiff.storage(), "uidmap:",
                "host_id: " + skiff.user().uid(), "cgroupHierarchy: ");
        assertThat(Expect.exit(skiff.run("info", "--format", "json"), 0)).contains("\"cgroupVersion\"", "\"idMappings\"");
    }
}

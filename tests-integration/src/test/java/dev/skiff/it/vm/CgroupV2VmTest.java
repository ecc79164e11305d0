package dev.skiff.it.vm;

import static dev.skiff.it.support.Fixtures.IMAGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.skiff.it.support.Cmd;
import dev.skiff.it.support.Skiff;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Limits that hold, on a real cgroup v2 host: a VM (tests-integration/vm/cgroup-vm.sh) with
 * systemd as PID 1 and the test user's own user@UID.service, where skiff puts a container with
 * limits in a transient scope of that manager. Each section's output is read from the VM.
 *
 * <p>The VM lane: its minutes go to qemu, so it runs beside the other classes (which run one
 * after another) and starts first. On this host it starts nothing as the test user once the
 * fixtures are built, and it looks for no leftovers there: what it would find would be theirs.
 */
@Execution(ExecutionMode.CONCURRENT)
class CgroupV2VmTest {
    @RegisterExtension
    static final Skiff skiff = Skiff.withoutLeftoverCheck();

    private static final Path CACHE = Path.of("/var/cache/skiff-test-vm");
    /**
     * How long qemu may run. Under TCG the VM boots in ~30 s and each JVM command in it takes a few
     * seconds: the class took 284 s alone on two idle CPUs, 615 s beside the other classes on two
     * CPUs that other builds kept busy too. The IT phase's own limit (test.sh) is 20 min.
     */
    private static final Duration VM_DEADLINE = Duration.ofSeconds(840);
    private static Map<String, List<String>> sections;
    private static String log;

    @BeforeAll
    @Timeout(value = 16, unit = TimeUnit.MINUTES) // VM_DEADLINE, then the runner's own (below), then the fixtures
    static void runInVm() throws Exception {
        assumeTrue(Cmd.run(List.of("id", "-u"), Duration.ofSeconds(5)).stdout().strip().equals("0"),
                "the VM lane boots qemu as root (as CI runs the tests)");
        Path archive = skiff.fixtures().dockerArchive();
        String user = skiff.user().name();
        String script = """
                set -u
                # the store needs a file system overlay can use as its upper layer: not the VM's own overlay root
                mkdir -p %2$s && mount -t tmpfs -o size=1500m,mode=700 tmpfs %2$s && chown %1$s %2$s
                # the VM's kernel has no tun module at hand: containers there go without pasta
                printf '[containers]\\nnetns = "none"\\n' > %2$s/containers.conf
                as_user() { runuser -u %1$s -- env -i PATH=/usr/bin:/bin HOME=%2$s LANG=C.UTF-8 \\
                    XDG_RUNTIME_DIR=/run/user/%3$d CONTAINERS_CONF=%2$s/containers.conf "$@"; }
                S=%4$s
                cg() { pid=$(as_user $S inspect --format '{{.State.Pid}}' "$1"); echo /sys/fs/cgroup$(sed -n 's/^0:://p' /proc/$pid/cgroup); }
                echo "== info"
                as_user $S info --format '{{.Host.CgroupsVersion}} {{.Host.CgroupControllers}}'
                as_user $S load -i %5$s >/dev/null 2>/tmp/load.err || { echo "load failed:"; cat /tmp/load.err; }
                echo "== limits"
                as_user $S run -d --name held --memory 48m --memory-reservation 32m --memory-swap 96m --pids-limit 20 \\
                    --cpus 0.5 --cpu-shares 512 %6$s sleep 120 >/dev/null
                d=$(cg held); cat $d/memory.max $d/memory.low $d/memory.swap.max $d/pids.max $d/cpu.max $d/cpu.weight
                echo "== stats"
                as_user $S stats --no-stream --format '{{.MemLimit}} {{.PIDs}} {{if .CPUNano}}cpu{{end}}' held
                as_user $S rm -f -t 0 held >/dev/null
                echo "== oom"
                as_user $S run -d --name oom --memory 32m %6$s sh -c 'x=$(head -c 200000000 /dev/zero | tr "\\0" a); echo ${#x}' >/dev/null
                as_user $S wait oom
                as_user $S inspect --format '{{.State.OOMKilled}}' oom
                as_user $S rm oom >/dev/null
                as_user $S run --name oomfg --memory 32m %6$s sh -c 'x=$(head -c 200000000 /dev/zero | tr "\\0" a)' >/dev/null 2>&1
                echo $?
                as_user $S inspect --format '{{.State.OOMKilled}}' oomfg
                as_user $S rm oomfg >/dev/null
                echo "== fork bomb"
                as_user $S run -d --name bomb --pids-limit 12 %6$s sh -c 'sh -c "while :; do sleep 60 & done" 2>/dev/null & exec sleep 60' >/dev/null
                sleep 5
                d=$(cg bomb); cat $d/pids.current; grep '^max ' $d/pids.events
                as_user $S rm -f -t 0 bomb >/dev/null
                echo "== pause"
                as_user $S run -d --name frozen %6$s sh -c 'i=0; while :; do i=$((i+1)); echo $i > /tmp/n; sleep 0.2; done' >/dev/null
                pid=$(as_user $S inspect --format '{{.State.Pid}}' frozen)
                d=/sys/fs/cgroup$(sed -n 's/^0:://p' /proc/$pid/cgroup)
                as_user $S pause frozen
                as_user $S inspect --format '{{.State.Status}} {{.State.Paused}}' frozen
                as_user $S ps --filter name=frozen --format '{{.Status}}'
                a=$(cat /proc/$pid/root/tmp/n); sleep 2; b=$(cat /proc/$pid/root/tmp/n)
                [ "$a" = "$b" ] && echo stood-still || echo "moved $a $b"
                as_user $S unpause frozen
                sleep 2; c=$(cat /proc/$pid/root/tmp/n)
                [ "$c" != "$b" ] && echo moves-again || echo "still $c"
                as_user $S inspect --format '{{.State.Status}}' frozen
                echo "== default pids"
                cat $d/pids.max
                echo "== kill paused"
                as_user $S pause frozen >/dev/null
                as_user $S rm -f frozen >/dev/null; echo $?
                [ -d $d ] && echo leaf-left || echo leaf-gone
                [ -e /proc/$pid ] && echo init-alive || echo init-gone
                echo "== end"
                """.formatted(user, "/skiff-vm-home", skiff.user().uid(), skiff.launcher(), archive, IMAGE);
        Path scriptFile = skiff.writeFile("vm-test.sh", script);
        Path runner = Path.of(System.getProperty("user.dir"), "vm", "cgroup-vm.sh");
        Files.createDirectories(CACHE);
        // beyond qemu's deadline: the initramfs, and on a first run the kernel from apt
        Cmd.Result r = Cmd.run(List.of("bash", runner.toString(), CACHE.toString(), scriptFile.toString(), user,
                Long.toString(VM_DEADLINE.toSeconds())), VM_DEADLINE.plusSeconds(60));
        log = r.stdout();
        assertThat(r.exitCode()).as("the VM run: %s", r).isZero();
        sections = new LinkedHashMap<>();
        List<String> current = null;
        for (String line : log.split("\n")) {
            if (line.startsWith("== ")) {
                current = new java.util.ArrayList<>();
                sections.put(line.substring(3).strip(), current);
            } else if (current != null && !line.isBlank()) {
                current.add(line.strip());
            }
        }
    }

    private static List<String> section(String name) {
        assertThat(sections).as(log).containsKey(name);
        return sections.get(name);
    }

    @Test
    void info_seesCgroupV2_andTheControllersTheUsersManagerHas() {
        assertThat(section("info")).hasSize(1);
        assertThat(section("info").getFirst()).startsWith("v2 [").contains("memory", "pids", "cpu");
    }

    @Test
    void limits_areWrittenToTheContainersScope() {
        assertThat(section("limits")).containsExactly(Long.toString(48L << 20), Long.toString(32L << 20),
                Long.toString(48L << 20), "20", "50000 100000", "20");
        assertThat(section("default pids")).containsExactly("2048");
    }

    @Test
    void aProcessAllocatingBeyondMemory_isOomKilled_andInspectSaysSo_detachedOrNot() {
        assertThat(section("oom")).containsExactly("137", "true", "137", "true");
    }

    @Test
    void pauseFreezesEveryProcess_andUnpauseThawsThem() {
        assertThat(section("pause")).containsExactly("frozen", "paused true", "Paused", "stood-still", "frozen",
                "moves-again", "running");
    }

    @Test
    void stats_readTheContainersLeaf() {
        assertThat(section("stats")).containsExactly(Long.toString(48L << 20) + " 1 cpu");
    }

    @Test
    void rmForce_killsAPausedContainer_throughCgroupKill_andRemovesItsLeaf() {
        assertThat(section("kill paused")).containsExactly("0", "leaf-gone", "init-gone");
    }

    @Test
    void aForkBomb_stopsAtThePidsLimit() {
        List<String> bomb = section("fork bomb");
        assertThat(Long.parseLong(bomb.get(0))).isLessThanOrEqualTo(12);
        assertThat(bomb.get(1)).startsWith("max ").isNotEqualTo("max 0");
    }
}

package dev.skiff.it.lifecycle;

import static dev.skiff.it.support.Fixtures.IMAGE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.it.support.Cmd;
import dev.skiff.it.support.Expect;
import dev.skiff.it.support.Skiff;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * No daemon, no corruption: many commands at once, skiff commands killed with SIGKILL at any
 * moment (a commit among them), a supervisor killed, and everything of skiff's gone at once as in
 * a restart.
 */
class NoDaemonTest {
    private static final int MANY = 20;

    @RegisterExtension
    static final Skiff skiff = new Skiff();

    @BeforeAll
    static void loadImage() {
        skiff.load(skiff.fixtures().dockerArchive());
    }

    @Test
    void twentyRunsAndThenTwentyRemovals_atTheSameMoment_leaveExactlyTheRightState() throws Exception {
        List<Cmd.Result> runs = all(IntStream.range(0, MANY).mapToObj(i -> (Callable<Cmd.Result>) () ->
                skiff.run("run", "-d", "--name", "many" + i, IMAGE, "sleep", "300")).toList());
        runs.forEach(r -> Expect.exit(r, 0));
        assertThat(Expect.lines(skiff.run("ps", "--format", "{{.Names}} {{.State}}")))
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, MANY).mapToObj(i -> "many" + i + " running")
                        .toList());

        List<Cmd.Result> removals = all(IntStream.range(0, MANY).mapToObj(i -> (Callable<Cmd.Result>) () ->
                skiff.run("rm", "-f", "many" + i)).toList());
        removals.forEach(r -> Expect.exit(r, 0));
        assertThat(skiff.run("ps", "-a", "-q").stdoutLines()).isEmpty();
        skiff.assertNothingLeftBehind();
    }

    /** A commit killed while it writes its layer leaves its staging directory, which the next commit removes. */
    @Test
    void aKilledCommit_leavesNothingInTmp_afterTheNextCommit() throws Exception {
        Expect.exit(skiff.run("run", "--name", "big", IMAGE, "sh", "-c",
                "dd if=/dev/urandom of=/big bs=1M count=128 2>/dev/null"), 0);
        Path tmp = skiff.storage().resolve("tmp");
        Process p = skiff.command("commit", "big", "killed-commit").start();
        boolean staged = false;
        for (int i = 0; i < 400 && !staged; i++) {
            staged = stagedCommits(tmp) > 0;
            if (!staged) {
                Thread.sleep(10);
            }
        }
        p.descendants().filter(h -> h.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .forEach(ProcessHandle::destroyForcibly);
        p.waitFor();
        assertThat(staged).as("the commit staged its layer before it was killed").isTrue();
        assertThat(stagedCommits(tmp)).as("what the killed commit left").isEqualTo(1);

        Expect.exit(skiff.run("commit", "big", "second-commit"), 0);
        assertThat(stagedCommits(tmp)).as("after the next commit").isZero();
        Expect.exit(skiff.run("rm", "big"), 0);
        Expect.exit(skiff.run("rmi", "second-commit"), 0);
        skiff.assertNothingLeftBehind();
    }

    private static long stagedCommits(Path tmp) throws java.io.IOException {
        if (!Files.isDirectory(tmp)) {
            return 0;
        }
        try (var entries = Files.list(tmp)) {
            return entries.filter(e -> e.getFileName().toString().startsWith("commit-")).count();
        }
    }

    /**
     * The process a caller knows as `skiff` is the launcher's (skiff-shim enter), which runs the
     * JVM as its child: SIGTERM sent to it reaches the JVM, and SIGKILL takes the JVM with it,
     * while the container lives on under its supervisor and stays manageable.
     */
    @Test
    void signalsToTheLaunchersProcess_reachTheJvm_andItsDeathTakesTheJvm_butNotTheContainer() throws Exception {
        Process fg = skiff.command("run", "--name", "fg", IMAGE, "sleep", "300").start();
        try {
            awaitStatus("fg", "running");
            ProcessHandle launcher = launcherOf(fg);
            ProcessHandle jvm = launcher.children().filter(NoDaemonTest::isJava).findFirst().orElseThrow();
            long containerPid = Long.parseLong(inspect("fg", "{{.State.Pid}}"));

            launcher.destroyForcibly();
            for (int i = 0; i < 100 && jvm.isAlive(); i++) {
                Thread.sleep(50);
            }
            assertThat(jvm.isAlive()).as("the JVM after its launcher was killed").isFalse();
            assertThat(Path.of("/proc/" + containerPid)).as("the container's process").exists();
            assertThat(inspect("fg", "{{.State.Running}}")).isEqualTo("true");
        } finally {
            fg.descendants().filter(NoDaemonTest::isJava).forEach(ProcessHandle::destroyForcibly);
        }
        Expect.exit(skiff.run("rm", "-f", "-t", "0", "fg"), 0);

        // as PID 1 a shell ends on TERM only through a trap
        Process stopped = skiff.command("run", "--rm", "--name", "term", IMAGE, "sh", "-c",
                "trap 'exit 143' TERM; sleep 300 & wait").start();
        awaitStatus("term", "running");
        launcherOf(stopped).destroy();
        assertThat(stopped.waitFor(30, java.util.concurrent.TimeUnit.SECONDS))
                .as("a foreground run whose launcher got SIGTERM ends").isTrue();
        assertThat(stopped.exitValue()).as("the container's trap for SIGTERM").isEqualTo(143);
        assertThat(skiff.run("ps", "-a", "-q").stdoutLines()).as("--rm").isEmpty();
        skiff.assertNothingLeftBehind();
    }

    private static ProcessHandle launcherOf(Process p) {
        return p.descendants().filter(h -> h.info().command().map(c -> c.endsWith("/skiff-shim")).orElse(false)
                        && h.info().arguments().map(a -> a.length > 0 && a[0].equals("enter")).orElse(false))
                .findFirst().orElseThrow(() -> new AssertionError("no skiff-shim enter below " + p.pid()));
    }

    private static boolean isJava(ProcessHandle h) {
        return h.info().command().map(c -> c.endsWith("/java")).orElse(false);
    }

    /**
     * A creation or removal killed mid-way leaves its tree in tmp/ (trash-*), with files owned by
     * the container's ids; the next `rm` takes it, under the store lock.
     */
    @Test
    void whatAKilledRemovalLeftInTmp_goesWithTheNextRemoval() {
        Path trash = skiff.storage().resolve("tmp").resolve("trash-killedremoval");
        Expect.exit(skiff.run("unshare", "sh", "-c", "mkdir -p " + trash + "/c/upper/etc && echo x > "
                + trash + "/c/upper/etc/f && chown -R 100:100 " + trash + "/c/upper && chmod 0500 " + trash + "/c/upper/etc"),
                0);
        assertThat(trash).isDirectory();
        Expect.exit(skiff.run("create", "--name", "removed", IMAGE, "true"), 0);
        Expect.exit(skiff.run("rm", "removed"), 0);
        assertThat(trash).doesNotExist();
        skiff.assertNothingLeftBehind();
    }

    @Test
    void skiffKilledAtAnyMoment_leavesTheStoreUsable_andRunningContainersRunning() throws Exception {
        String keeper = Expect.exit(skiff.run("run", "-d", "--name", "keeper", IMAGE, "sleep", "300"), 0).strip();
        long keeperPid = Long.parseLong(inspect("keeper", "{{.State.Pid}}"));
        int[] delaysMs = {0, 50, 100, 200, 300, 450, 700, 1000};
        int killed = 0;
        for (int i = 0; i < delaysMs.length; i++) {
            Process p = skiff.command(i % 2 == 0 ? new String[] {"run", "-d", "--name", "victim" + i, IMAGE, "sleep", "300"}
                    : new String[] {"rm", "-f", "victim" + (i - 1)}).start();
            Thread.sleep(delaysMs[i]);
            List<ProcessHandle> jvms = p.descendants()
                    .filter(h -> h.info().command().map(c -> c.endsWith("/java")).orElse(false)).toList();
            jvms.forEach(ProcessHandle::destroyForcibly);
            killed += jvms.size();
            p.waitFor();
            Expect.exit(skiff.run("ps", "-a"), 0);
        }

        assertThat(killed).as("skiff commands killed mid-way").isPositive();
        assertThat(inspect("keeper", "{{.State.Running}} {{.State.Pid}}")).isEqualTo("true " + keeperPid);
        assertThat(Files.exists(Path.of("/proc", Long.toString(keeperPid)))).isTrue();
        for (String id : Expect.lines(skiff.run("ps", "-a", "-q", "--no-trunc"))) {
            Expect.exit(skiff.run("inspect", id), 0);
        }
        Expect.exit(skiff.run("rm", "-f", "--all"), 0);
        assertThat(skiff.run("ps", "-a", "-q").stdoutLines()).as("containers after rm -f --all").isEmpty();
        assertThat(keeper).isNotBlank();
        skiff.assertNothingLeftBehind();
    }

    @Test
    void aKilledSupervisor_takesItsContainerDown_whichShowsAsExitedWithTheReason_andStartsAgain() throws Exception {
        Expect.exit(skiff.run("run", "-d", "--name", "orphan", IMAGE, "sleep", "300"), 0);
        long supervisor = supervisorOf("orphan");

        ProcessHandle.of(supervisor).orElseThrow().destroyForcibly();
        awaitStatus("orphan", "exited");

        assertThat(inspect("orphan", "{{.State.ExitCode}}|{{.State.Error}}"))
                .isEqualTo("137|its supervisor (skiff-shim) was killed; the container was killed with it");
        assertThat(Expect.lines(skiff.run("ps", "-a", "--format", "{{.Names}} {{.Status}}")))
                .anyMatch(l -> l.startsWith("orphan Exited (137)"));
        Expect.exit(skiff.run("start", "orphan"), 0);
        assertThat(inspect("orphan", "{{.State.Status}}|{{.State.Error}}")).isEqualTo("running|");
        Expect.exit(skiff.run("rm", "-f", "orphan"), 0);
    }

    @Test
    void everythingGoneAtOnce_asInARestart_psShowsTheTruth_andStartWorks() throws Exception {
        Expect.exit(skiff.run("run", "-d", "--name", "survivor", IMAGE, "sleep", "300"), 0);
        long init = Long.parseLong(inspect("survivor", "{{.State.Pid}}"));
        long supervisor = supervisorOf("survivor");

        // all of skiff's processes and its runtime directory go, as when the host restarts
        ProcessHandle.of(init).ifPresent(ProcessHandle::destroyForcibly);
        ProcessHandle.of(supervisor).ifPresent(ProcessHandle::destroyForcibly);
        skiff.runAsUser("rm", "-rf", skiff.runtimeDir().resolve("skiff").toString());

        assertThat(Expect.lines(skiff.run("ps", "-a", "--format", "{{.Names}} {{.State}}")))
                .containsExactly("survivor exited");
        Expect.exit(skiff.run("start", "survivor"), 0);
        assertThat(inspect("survivor", "{{.State.Running}}")).isEqualTo("true");
        Expect.exit(skiff.run("rm", "-f", "survivor"), 0);
    }

    private static long supervisorOf(String name) throws Exception {
        String id = inspect(name, "{{.Id}}");
        Path file = skiff.storage().resolve("containers").resolve(id).resolve("userdata/supervisor.pid");
        return Long.parseLong(Files.readString(file).strip());
    }

    private static String inspect(String name, String format) {
        return Expect.exit(skiff.run("inspect", "--format", format, name), 0).strip();
    }

    private static void awaitStatus(String name, String status) throws InterruptedException {
        for (int i = 0; i < 100 && !inspect(name, "{{.State.Status}}").equals(status); i++) {
            Thread.sleep(50);
        }
    }

    private static <T> List<T> all(List<Callable<T>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> t : tasks) {
                futures.add(pool.submit(t));
            }
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}

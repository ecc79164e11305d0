package dev.skiff.it.lifecycle;

import static dev.skiff.it.support.Fixtures.IMAGE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.it.support.Cmd;
import dev.skiff.it.support.Expect;
import dev.skiff.it.support.Skiff;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Detached containers live on their own supervisor; ps, logs, stop, kill, wait and rm manage them. */
class DetachedTest {

    @RegisterExtension
    static final Skiff skiff = new Skiff();

    @BeforeAll
    static void loadImage() {
        skiff.load(skiff.fixtures().dockerArchive());
    }

    @Test
    void runDetached_printsTheIdAndKeepsRunningAfterSkiffExits() throws Exception {
        String id = Expect.exit(skiff.run("run", "-d", "--name", "bg", IMAGE, "sh", "-c", "echo out; echo err >&2; sleep 300"), 0).strip();
        assertThat(id).matches("[0-9a-f]{64}");

        long pid = Long.parseLong(Files.readString(skiff.storage().resolve("containers/" + id + "/userdata/pidfile")).strip());
        assertThat(Path.of("/proc/" + pid)).as("the container's init outlives `skiff run -d`").exists();
        assertThat(Files.readString(Path.of("/proc/" + pid + "/status"))).contains("Uid:\t" + skiff.user().uid());

        assertThat(Expect.lines(skiff.run("ps"))).anySatisfy(l -> assertThat(l).startsWith(id.substring(0, 12)).contains("Up ").endsWith("bg"));
        assertThat(Expect.lines(skiff.run("ps", "-q", "--no-trunc"))).containsExactly(id);

        awaitLog("bg", "out");
        var logs = skiff.run("logs", "bg");
        assertThat(logs.stdout()).isEqualTo("out\n");
        assertThat(logs.stderr()).isEqualTo("err\n");

        Expect.exit(skiff.run("stop", "-t", "1", "bg"), 0);
        assertThat(Path.of("/proc/" + pid)).as("stopped: SIGTERM is ignored by PID 1, SIGKILL after 1 s").doesNotExist();
        assertThat(Expect.lines(skiff.run("ps", "-a"))).anySatisfy(l -> assertThat(l).contains("Exited (137)").endsWith("bg"));
        assertThat(Expect.lines(skiff.run("ps"))).hasSize(1);

        assertThat(Expect.lines(skiff.run("rm", "bg"))).containsExactly("bg");
        assertThat(Expect.lines(skiff.run("ps", "-a"))).hasSize(1);
        skiff.assertNothingLeftBehind();
    }

    @Test
    void wait_printsTheExitCode_andRmDetachedRemovesItself() throws Exception {
        Expect.exit(skiff.run("run", "-d", "--name", "w", IMAGE, "sh", "-c", "sleep 1; exit 3"), 0);
        assertThat(Expect.lines(skiff.run("wait", "w"))).containsExactly("3");
        Expect.exit(skiff.run("rm", "w"), 0);

        Expect.exit(skiff.run("run", "-d", "--rm", "--name", "gone", IMAGE, "true"), 0);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (Expect.lines(skiff.run("ps", "-a", "-q")).size() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(Expect.lines(skiff.run("ps", "-a", "-q"))).as("--rm container removed by its supervisor").isEmpty();
        skiff.assertNothingLeftBehind();
    }

    @Test
    void rmOfARunningContainer_isRefusedWithoutForce() {
        Expect.exit(skiff.run("run", "-d", "--name", "busy", IMAGE, "sleep", "300"), 0);
        assertThat(Expect.failsWithOneLine(skiff.run("rm", "busy"), 2)).contains("cannot remove container").contains("running");
        Expect.exit(skiff.run("rm", "-f", "busy"), 0);
        skiff.assertNothingLeftBehind();
    }

    @Test
    void kill_sendsTheSignal_andUnknownContainersAreClearErrors() {
        Expect.exit(skiff.run("run", "-d", "--name", "k", IMAGE, "sh", "-c", "trap 'exit 42' USR1; while true; do sleep 0.1; done"), 0);
        Expect.exit(skiff.run("kill", "-s", "USR1", "k"), 0);
        assertThat(Expect.lines(skiff.run("wait", "k"))).containsExactly("42");
        assertThat(Expect.failsWithOneLine(skiff.run("kill", "k"), 2)).contains("container state improper");
        assertThat(Expect.failsWithOneLine(skiff.run("logs", "nosuch"), 125)).contains("no container with name or ID \"nosuch\"");
        Expect.exit(skiff.run("rm", "k"), 0);
    }

    @Test
    void restart_startsAFreshInit_andStartRunsAStoppedContainerAgain_underItsNewName() throws Exception {
        String id = Expect.exit(skiff.run("run", "-d", "--name", "again", IMAGE, "sleep", "300"), 0).strip();
        long first = pid(id);
        Expect.exit(skiff.run("restart", "-t", "0", "again"), 0);
        long second = pid(id);
        assertThat(second).as("a new init after restart").isNotEqualTo(first);
        assertThat(Path.of("/proc/" + first)).doesNotExist();
        assertThat(Expect.lines(skiff.run("ps"))).anySatisfy(l -> assertThat(l).contains("Up ").endsWith("again"));

        Expect.exit(skiff.run("rename", "again", "renamed"), 0);
        Expect.exit(skiff.run("stop", "-t", "0", "renamed"), 0);
        assertThat(Expect.lines(skiff.run("ps", "-a"))).anySatisfy(l -> assertThat(l).contains("Exited").endsWith("renamed"));
        assertThat(Expect.lines(skiff.run("start", "renamed"))).containsExactly("renamed");
        assertThat(Path.of("/proc/" + pid(id))).exists();
        assertThat(Expect.lines(skiff.run("ps"))).anySatisfy(l -> assertThat(l).contains("Up ").endsWith("renamed"));
        Expect.exit(skiff.run("rm", "-f", "renamed"), 0);
        skiff.assertNothingLeftBehind();
    }

    @Test
    void create_makesAContainerThatStartRunsLater() throws Exception {
        String id = Expect.exit(skiff.run("create", "--name", "made", IMAGE, "sh", "-c", "echo from-created"), 0).strip();
        assertThat(id).matches("[0-9a-f]{64}");
        assertThat(Expect.lines(skiff.run("ps", "-a"))).anySatisfy(l -> assertThat(l).contains("Created").endsWith("made"));
        assertThat(Expect.lines(skiff.run("start", "made"))).containsExactly("made");
        assertThat(Expect.lines(skiff.run("wait", "made"))).containsExactly("0");
        assertThat(skiff.run("logs", "made").stdout()).isEqualTo("from-created\n");
        Expect.exit(skiff.run("rm", "made"), 0);
        skiff.assertNothingLeftBehind();
    }

    private static long pid(String id) throws Exception {
        return Long.parseLong(Files.readString(skiff.storage().resolve("containers/" + id + "/userdata/pidfile")).strip());
    }

    @Test
    void detachedStartOfAMissingCommand_exits127_andPrintsNoId() {
        var r = skiff.run("run", "-d", "--rm", IMAGE, "nosuchcommand");
        assertThat(Expect.failsWithOneLine(r, 127)).contains("nosuchcommand");
        assertThat(r.stdoutLines()).as("the id, printed only once a container runs").isEmpty();

        Expect.exit(skiff.run("create", "--name", "missing", IMAGE, "nosuchcommand"), 0);
        var start = skiff.run("start", "missing");
        assertThat(Expect.failsWithOneLine(start, 127)).contains("nosuchcommand");
        assertThat(start.stdoutLines()).as("the name, printed only once the container runs").isEmpty();
        Expect.exit(skiff.run("rm", "missing"), 0);
    }

    @Test
    void logsOfSeveralContainers_beginEachLineWithTheIdOrWithNames_andFollowAllUntilTheyExit() {
        String a = Expect.exit(skiff.run("run", "-d", "--name", "la", IMAGE, "sh", "-c", "sleep 1; echo from-a"), 0).strip();
        Expect.exit(skiff.run("run", "-d", "--name", "lb", IMAGE, "sh", "-c", "sleep 1; echo from-b"), 0);

        assertThat(Expect.lines(skiff.run("logs", "-f", "--names", "la", "lb")))
                .containsExactlyInAnyOrder("la from-a", "lb from-b");
        assertThat(Expect.lines(skiff.run("logs", "la", "lb"))).contains(a.substring(0, 12) + " from-a");
        assertThat(Expect.lines(skiff.run("logs", "-n", "lb"))).containsExactly("lb from-b");
        Expect.exit(skiff.run("rm", "la", "lb"), 0);
    }

    @Test
    void startAttach_followsTheOutputOfThisRun_andReturnsItsExitCode() {
        Expect.exit(skiff.run("create", "--name", "attached", IMAGE, "sh", "-c", "echo run-$$-out; echo err >&2; exit 9"),
                0);
        Expect.exit(skiff.run("start", "attached"), 0);
        Expect.exit(skiff.run("wait", "attached"), 0);

        Cmd.Result r = skiff.run("start", "--attach", "attached");

        assertThat(r.exitCode()).as("%s", r).isEqualTo(9);
        assertThat(r.stdout()).isEqualTo("run-1-out\n");
        assertThat(r.stderr()).isEqualTo("err\n");
        assertThat(Expect.failsWithOneLine(skiff.run("start", "-ai", "attached"), 125)).contains("-t");
        Expect.exit(skiff.run("rm", "attached"), 0);
    }

    private static void awaitLog(String name, String text) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!skiff.run("logs", name).stdout().contains(text) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }
}

package dev.skiff.it.lifecycle;

import static dev.skiff.it.support.Fixtures.IMAGE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.it.support.Expect;
import dev.skiff.it.support.Skiff;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * --restart without a daemon: the supervisor's cleanup starts the container again; `stop` ends
 * it for good; --stop-timeout sets what `stop` waits; the container commands' --all and --ignore.
 */
class RestartPolicyTest {

    @RegisterExtension
    static final Skiff skiff = new Skiff();

    @BeforeAll
    static void loadImage() {
        skiff.load(skiff.fixtures().dockerArchive());
    }

    @Test
    void onFailureWithACount_restartsThatOften_thenStaysExited() {
        Expect.exit(skiff.run("run", "-d", "--name", "flaky", "--restart", "on-failure:2", IMAGE,
                "sh", "-c", "echo ran; exit 3"), 0);

        awaitTrue(() -> inspect("flaky", "{{.RestartCount}} {{.State.Status}}").equals("2 exited"));
        assertThat(Expect.lines(skiff.run("logs", "flaky"))).containsExactly("ran", "ran", "ran");
        assertThat(inspect("flaky", "{{.HostConfig.RestartPolicy.Name}} {{.HostConfig.RestartPolicy.MaximumRetryCount}}"))
                .isEqualTo("on-failure 2");
        assertThat(inspect("flaky", "{{.State.ExitCode}}")).isEqualTo("3");
        Expect.exit(skiff.run("rm", "flaky"), 0);
    }

    @Test
    void onFailure_doesNotRestartASuccess() throws InterruptedException {
        Expect.exit(skiff.run("run", "-d", "--name", "fine", "--restart", "on-failure", IMAGE, "true"), 0);

        Expect.exit(skiff.run("wait", "fine"), 0);
        Thread.sleep(1500); // time enough for a wrong restart to show
        assertThat(inspect("fine", "{{.RestartCount}} {{.State.Status}}")).isEqualTo("0 exited");
        Expect.exit(skiff.run("rm", "fine"), 0);
    }

    @Test
    void always_bringsAKilledContainerBack_butStopEndsIt() {
        Expect.exit(skiff.run("run", "-d", "--name", "phoenix", "--restart", "always", IMAGE, "sleep", "300"), 0);
        String firstPid = inspect("phoenix", "{{.State.Pid}}");

        Expect.exit(skiff.run("kill", "phoenix"), 0);
        awaitTrue(() -> inspect("phoenix", "{{.RestartCount}} {{.State.Status}}").equals("1 running"));
        assertThat(inspect("phoenix", "{{.State.Pid}}")).isNotEqualTo(firstPid);

        Expect.exit(skiff.run("stop", "-t", "0", "phoenix"), 0);
        assertThat(Expect.lines(skiff.run("wait", "phoenix"))).containsExactly("137");
        assertThat(inspect("phoenix", "{{.State.Status}}")).isEqualTo("exited");
        Expect.exit(skiff.run("rm", "phoenix"), 0);
    }

    @Test
    void restartWithRm_andABadPolicy_areRefused() {
        int before = skiff.run("ps", "-a", "-q").stdoutLines().size();
        assertThat(Expect.failsWithOneLine(skiff.run("run", "--rm", "--restart", "always", IMAGE, "true"), 125))
                .contains("--rm", "--restart");
        assertThat(Expect.failsWithOneLine(skiff.run("create", "--restart", "sometimes", IMAGE, "true"), 125))
                .contains("--restart sometimes", "on-failure");
        assertThat(skiff.run("ps", "-a", "-q").stdoutLines()).hasSize(before);
    }

    @Test
    void stopTimeout_isWhatStopWaits_unlessTimeIsGiven() {
        // sh ignores TERM while it waits for a foreground child, so only SIGKILL ends this one
        Expect.exit(skiff.run("run", "-d", "--name", "stubborn", "--stop-timeout", "1", IMAGE,
                "sh", "-c", "trap '' TERM; sleep 300"), 0);
        assertThat(inspect("stubborn", "{{.Config.StopTimeout}}")).isEqualTo("1");

        Instant start = Instant.now();
        Expect.exit(skiff.run("stop", "stubborn"), 0);
        Duration took = Duration.between(start, Instant.now());

        assertThat(took).isGreaterThanOrEqualTo(Duration.ofSeconds(1)).isLessThan(Duration.ofSeconds(8));
        assertThat(inspect("stubborn", "{{.State.ExitCode}}")).isEqualTo("137");
        Expect.exit(skiff.run("rm", "stubborn"), 0);
    }

    @Test
    void allAndIgnore_selectTheContainers() {
        Expect.exit(skiff.run("create", "--name", "one", IMAGE, "sleep", "300"), 0);
        Expect.exit(skiff.run("create", "--name", "two", IMAGE, "sleep", "300"), 0);

        assertThat(Expect.lines(skiff.run("start", "--all"))).hasSize(2);
        assertThat(Expect.lines(skiff.run("ps", "--format", "{{.Names}}"))).containsExactlyInAnyOrder("one", "two");
        assertThat(Expect.failsWithOneLine(skiff.run("stop", "-t", "0", "one", "nope"), 125)).contains("nope");
        assertThat(Expect.lines(skiff.run("stop", "-t", "0", "--ignore", "nope", "two"))).containsExactly("two");
        assertThat(Expect.lines(skiff.run("kill", "--all"))).hasSize(1);
        assertThat(Expect.failsWithOneLine(skiff.run("rm", "--all", "one"), 125)).contains("--all");
        assertThat(Expect.lines(skiff.run("rm", "--ignore", "one", "two", "nope"))).containsExactly("one", "two");
    }

    private static String inspect(String name, String format) {
        return Expect.exit(skiff.run("inspect", "--format", format, name), 0).strip();
    }

    private static void awaitTrue(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 30 s");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}

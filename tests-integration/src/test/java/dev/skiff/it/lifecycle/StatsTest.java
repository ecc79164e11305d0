package dev.skiff.it.lifecycle;

import static dev.skiff.it.support.Fixtures.IMAGE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.it.support.Expect;
import dev.skiff.it.support.Skiff;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * `skiff stats`: what a running container uses, in podman's columns, read from its cgroup or,
 * on hosts without cgroup v2 (like this one), from /proc.
 */
class StatsTest {
    @RegisterExtension
    static final Skiff skiff = new Skiff();

    @BeforeAll
    static void image() {
        skiff.load(skiff.fixtures().dockerArchive());
    }

    @Test
    void aBusyContainerHoldingMemory_showsItsCpuTime_memory_andProcesses() throws Exception {
        // the shell keeps 30 MB in a variable, then spins
        Expect.exit(skiff.run("run", "-d", "--name", "hog", "--network", "none", IMAGE, "sh", "-c",
                "x=$(head -c 30000000 /dev/zero | tr '\\0' a); echo held; while :; do :; done"), 0);
        for (int i = 0; i < 300 && !skiff.run("logs", "hog").stdout().contains("held"); i++) {
            Thread.sleep(100);
        }
        Thread.sleep(1000);

        List<String> table = Expect.lines(skiff.run("stats", "--no-stream"));
        assertThat(table.getFirst().split("\\s{2,}")).containsExactly("ID", "NAME", "CPU %", "MEM USAGE / LIMIT",
                "MEM %", "NET IO", "BLOCK IO", "PIDS", "CPU TIME", "AVG CPU %");
        assertThat(table).hasSize(2);
        assertThat(table.get(1)).matches("[0-9a-f]{12}\\s+hog\\s+\\d+\\.\\d\\d%\\s+\\S+B / \\S+B\\s+\\d+\\.\\d\\d%\\s+"
                + "-- / --\\s+.*\\s+1\\s+\\S+s\\s+\\d+\\.\\d\\d%");

        String json = skiff.run("stats", "--no-stream", "--format", "json", "hog").stdout();
        long memory = number(json, "MemUsage");
        long limit = number(json, "MemLimit");
        assertThat(memory).as("the 30 MB the shell holds").isBetween(30_000_000L, 200_000_000L);
        assertThat(limit).isGreaterThan(memory);
        assertThat(number(json, "CPUNano")).as("more than a second spinning").isGreaterThan(500_000_000L);
        assertThat(number(json, "PIDs")).isEqualTo(1);
        assertThat(number(json, "NetInput")).as("only lo: nothing counted").isZero();

        assertThat(Expect.lines(skiff.run("stats", "--no-stream", "--no-trunc", "--format",
                "{{.Name}} {{.PIDS}} {{.NetIO}} {{.ID}}", "hog"))).singleElement().asString()
                .matches("hog 1 -- / -- [0-9a-f]{64}");
        Expect.exit(skiff.run("rm", "-f", "hog"), 0);
    }

    @Test
    void aStoppedContainer_showsDashes_andOnlyWithAllOrByName() {
        Expect.exit(skiff.run("create", "--name", "idle", IMAGE, "true"), 0);

        assertThat(Expect.lines(skiff.run("stats", "--no-stream", "--format", "{{.Name}}"))).doesNotContain("idle");
        assertThat(Expect.lines(skiff.run("stats", "--no-stream", "-a", "--format",
                "{{.Name}}|{{.CPUPerc}}|{{.MemUsage}}|{{.PIDS}}"))).contains("idle|--|-- / --|--");
        assertThat(Expect.failsWithOneLine(skiff.run("stats", "--no-stream", "nosuch"), 125)).contains("nosuch");
        assertThat(Expect.failsWithOneLine(skiff.run("stats", "--interval", "0", "idle"), 125)).contains("--interval");
        Expect.exit(skiff.run("rm", "idle"), 0);
    }

    @Test
    void theStream_reportsEachInterval_andEndsWhenItsContainerIsRemoved() throws Exception {
        Expect.exit(skiff.run("run", "-d", "--name", "watched", IMAGE, "sleep", "300"), 0);
        Process stream = skiff.command("stats", "--interval", "1", "--format", "{{.Name}} {{.PIDS}}", "watched").start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(stream.getInputStream(), StandardCharsets.UTF_8))) {
            while (lines.size() < 2) {
                String line = r.readLine();
                assertThat(line).as("a report line").isNotNull();
                lines.add(line);
            }
            assertThat(lines).containsExactly("watched 1", "watched 1");
            Expect.exit(skiff.run("rm", "-f", "watched"), 0);
            assertThat(stream.waitFor(20, TimeUnit.SECONDS)).as("the stream ends with its container").isTrue();
        } finally {
            stream.destroyForcibly();
        }
        assertThat(stream.exitValue()).isZero();
    }

    private static long number(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\": (\\d+)").matcher(json);
        assertThat(m.find()).as("%s in %s", field, json).isTrue();
        return Long.parseLong(m.group(1));
    }
}

package dev.skiff.it.lifecycle;

import static dev.skiff.it.support.Fixtures.CONFIG_IMAGE;
import static dev.skiff.it.support.Fixtures.CONFIG_IMAGE_V1;
import static dev.skiff.it.support.Fixtures.IMAGE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.it.support.Expect;
import dev.skiff.it.support.Skiff;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** `skiff run` honours the image config (Entrypoint, Cmd, Env, WorkingDir, User) and the flags that override it. */
class RunOptionsTest {

    @RegisterExtension
    static final Skiff skiff = new Skiff();

    @BeforeAll
    static void loadImages() {
        skiff.load(skiff.fixtures().dockerArchive());
        skiff.load(skiff.fixtures().configDockerArchive());
    }

    @Test
    void hostname_setsTheHostnameAndEtcHostname() {
        List<String> out = Expect.lines(skiff.run("run", "--rm", "--hostname", "foo", IMAGE, "sh", "-c",
                "hostname; cat /etc/hostname; grep -c -w foo /etc/hosts"));

        assertThat(out).hasSize(3);
        assertThat(out.get(0)).isEqualTo("foo");
        assertThat(out.get(1)).isEqualTo("foo");
        assertThat(Integer.parseInt(out.get(2))).as("lines naming foo in /etc/hosts").isPositive();
    }

    @Test
    void env_setsVariables() {
        List<String> out = Expect.lines(skiff.run("run", "--rm", "-e", "A=b", "--env", "SPACED=two words", IMAGE,
                "sh", "-c", "echo \"A=$A\"; echo \"SPACED=$SPACED\"; echo \"$PATH\""));

        assertThat(out).containsExactly("A=b", "SPACED=two words", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    }

    @Test
    void env_withoutValue_takesItFromTheCaller() {
        List<String> out = Expect.lines(skiff.command("run", "--rm", "-e", "FROM_CALLER", IMAGE, "sh", "-c",
                "echo \"FROM_CALLER=$FROM_CALLER\"").env("FROM_CALLER", "yes").run());

        assertThat(out).containsExactly("FROM_CALLER=yes");
    }

    @Test
    void envFile_setsEveryVariableInIt() {
        Path file = skiff.writeFile("vars.env", """
                # a comment
                X=1
                Y=two words

                Z=
                """);

        List<String> out = Expect.lines(skiff.run("run", "--rm", "--env-file", file.toString(), IMAGE, "sh", "-c",
                "echo \"X=$X\"; echo \"Y=$Y\"; echo \"Z=${Z-unset}\""));

        assertThat(out).containsExactly("X=1", "Y=two words", "Z=");
    }

    @Test
    void workdir_isTheCurrentDirectory() {
        assertThat(Expect.lines(skiff.run("run", "--rm", "-w", "/tmp", IMAGE, "pwd"))).containsExactly("/tmp");
        assertThat(Expect.lines(skiff.run("run", "--rm", "--workdir", "/etc", IMAGE, "pwd"))).containsExactly("/etc");
    }

    @Test
    void user_numeric_runsAsThatUidWithItsPasswdGroup() {
        assertThat(Expect.lines(skiff.run("run", "--rm", "-u", "1234", IMAGE, "sh", "-c", "id -u; id -g")))
                .containsExactly("1234", "1234");
    }

    @Test
    void user_byName_andWithGroup() {
        assertThat(Expect.lines(skiff.run("run", "--rm", "--user", "app", IMAGE, "id", "-u"))).containsExactly("1234");
        assertThat(Expect.lines(skiff.run("run", "--rm", "-u", "1234:0", IMAGE, "sh", "-c", "id -u; id -g")))
                .containsExactly("1234", "0");
    }

    @Test
    void entrypoint_replacesTheImageEntrypointAndCmd() {
        assertThat(Expect.lines(skiff.run("run", "--rm", "--entrypoint", "echo", IMAGE, "hello", "world")))
                .containsExactly("hello world");
        assertThat(Expect.lines(skiff.run("run", "--rm", "--entrypoint", "pwd", CONFIG_IMAGE)))
                .containsExactly("/home/app");
    }

    @Test
    void imageConfig_entrypointAndCmd_areHonoured() {
        assertThat(Expect.lines(skiff.run("run", "--rm", CONFIG_IMAGE))).containsExactly("entry default-cmd");
        assertThat(Expect.lines(skiff.run("run", "--rm", CONFIG_IMAGE, "given", "args"))).containsExactly("entry given args");
    }

    @Test
    void imageConfig_userWorkdirAndEnv_areHonoured() {
        List<String> out = Expect.lines(skiff.run("run", "--rm", "--entrypoint", "sh", CONFIG_IMAGE, "-c",
                "id -u; id -g; pwd; echo \"$GREETING\""));

        assertThat(out).containsExactly("1234", "1234", "/home/app", "hi");
    }

    @Test
    void flags_overrideTheImageConfig() {
        List<String> out = Expect.lines(skiff.run("run", "--rm", "-u", "0", "-w", "/tmp", "-e", "GREETING=yo",
                "--entrypoint", "sh", CONFIG_IMAGE, "-c", "id -u; pwd; echo \"$GREETING\""));

        assertThat(out).containsExactly("0", "/tmp", "yo");
    }

    @Test
    void imageLoadedUnderASecondName_runsByThatName() {
        assertThat(Expect.lines(skiff.run("run", "--rm", CONFIG_IMAGE_V1))).containsExactly("entry default-cmd");
    }

    @Test
    void name_canBeReusedOnceTheContainerIsRemoved() {
        Expect.exit(skiff.run("run", "--rm", "--name", "box1", IMAGE, "true"), 0);
        Expect.exit(skiff.run("run", "--rm", "--name", "box1", IMAGE, "true"), 0);
        skiff.assertNothingLeftBehind();
    }
}

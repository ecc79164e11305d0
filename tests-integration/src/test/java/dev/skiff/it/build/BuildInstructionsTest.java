package dev.skiff.it.build;

import static dev.skiff.it.support.Fixtures.IMAGE;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.skiff.it.support.Cmd;
import dev.skiff.it.support.Expect;
import dev.skiff.it.support.Skiff;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Instructions and forms skiff builds that podman 4.3 cannot compare: heredocs, the escape
 * directive, ONBUILD, HEALTHCHECK, MAINTAINER, ADD of a URL, RUN --mount secrets and binds from
 * stages, and the
 * options -f, -q, --iidfile, --label, --build-arg and .containerignore.
 */
class BuildInstructionsTest {
    @RegisterExtension
    static final Skiff skiff = new Skiff();

    @BeforeAll
    static void fixture() {
        skiff.load(skiff.fixtures().dockerArchive());
    }

    @AfterAll
    static void nothingLeft() {
        skiff.assertNothingLeftBehind();
    }

    static Cmd.Result build(String... args) {
        return skiff.command(BuildContexts.concat(new String[] {"build", "--network", "none"}, args))
                .timeout(Duration.ofSeconds(120)).run();
    }

    @Test
    void heredocs_parserDirectives_continuations_andTheShellFormOfCmd() {
        Path ctx = BuildContexts.make(skiff, "heredocs", "true");
        BuildContexts.write(skiff, "heredocs/Containerfile", """
                # syntax=docker/dockerfile:1
                # escape=`
                FROM %s
                ARG NAME=heredoc
                RUN <<EOF
                echo line one > /h1
                echo "$NAME" >> /h1
                EOF
                RUN cat <<EOF > /h2 && echo after >> /h2
                in $NAME body
                EOF
                COPY <<EOF /h3
                copied $NAME
                EOF
                COPY <<'EOF' /h4
                literal $NAME
                EOF
                RUN echo one `
                    two > /continued
                CMD [ "echo", 'not json' ]
                """.formatted(IMAGE));
        Expect.exit(build("-q", "-t", "heredocs", ctx.toString()), 0);

        assertThat(Expect.lines(skiff.run("run", "--rm", "--entrypoint", "cat", "heredocs",
                "/h1", "/h2", "/h3", "/h4", "/continued")))
                .containsExactly("line one", "heredoc", "in heredoc body", "after", "copied heredoc", "literal $NAME",
                        "one two");
        assertThat(Expect.exit(skiff.run("image", "inspect", "--format", "{{json .Config.Cmd}}", "heredocs"), 0).strip())
                .as("a CMD that is not a JSON array of strings runs through the shell")
                .isEqualTo("[\"/bin/sh\",\"-c\",\"[ \\\"echo\\\", 'not json' ]\"]");
    }

    @Test
    void onbuildTriggers_runInTheChild_andConfigInstructionsLandInTheConfig() {
        Path ctx = BuildContexts.make(skiff, "family", "echo from-child-context > child.txt");
        BuildContexts.write(skiff, "family/Parent", """
                FROM %s
                ONBUILD RUN echo triggered > /tmp/triggered
                ONBUILD COPY child.txt /child.txt
                HEALTHCHECK --interval=30s --retries=2 CMD ["true"]
                MAINTAINER someone@example.com
                ENV LEGACY value with spaces
                WORKDIR /w
                WORKDIR sub
                USER app
                STOPSIGNAL SIGUSR1
                VOLUME ["/v1", "/v2"]
                CMD ["parent-cmd"]
                """.formatted(IMAGE));
        BuildContexts.write(skiff, "family/Dockerfile", """
                FROM parent
                USER root
                RUN pwd > /pwd
                ENTRYPOINT ["/bin/echo", "child"]
                """);
        Expect.exit(build("-q", "-t", "parent", "-f", ctx.resolve("Parent").toString(), ctx.toString()), 0);
        Path iid = skiff.home().resolve("child.iid");
        Cmd.Result child = build("-t", "child", "--label", "built.by=test", "--iidfile", iid.toString(), ctx.toString());
        Expect.exit(child, 0);

        assertThat(BuildContexts.read(iid)).isEqualTo("sha256:" + child.stdoutLines().getLast());
        assertThat(inspect("parent", "{{json .Config.OnBuild}}"))
                .isEqualTo("[\"RUN echo triggered \\u003e /tmp/triggered\",\"COPY child.txt /child.txt\"]");
        assertThat(inspect("parent", "{{json .Config.Healthcheck}}"))
                .isEqualTo("{\"Test\":[\"CMD\",\"true\"],\"Interval\":30000000000,\"Retries\":2}");
        assertThat(inspect("parent", "{{.Author}} {{.Config.User}} {{.Config.WorkingDir}} {{.Config.StopSignal}}"))
                .isEqualTo("someone@example.com app /w/sub SIGUSR1");
        assertThat(inspect("parent", "{{json .Config.Env}} {{json .Config.Volumes}}"))
                .contains("\"LEGACY=value with spaces\"").contains("{\"/v1\":{},\"/v2\":{}}");
        assertThat(inspect("child", "{{json .Config}}"))
                .as("triggers run once; a new ENTRYPOINT drops the inherited CMD; --label lands")
                .doesNotContain("OnBuild", "\"Cmd\"").contains("\"Labels\":{\"built.by\":\"test\"}");
        assertThat(Expect.lines(skiff.run("run", "--rm", "--entrypoint", "cat", "child",
                "/tmp/triggered", "/child.txt", "/pwd"))).containsExactly("triggered", "from-child-context", "/w/sub");
        assertThat(Expect.lines(skiff.run("run", "--rm", "child"))).containsExactly("child");
    }

    @Test
    void addOfAUrl_fetchesTheFile_withMode0600_andChecksItsChecksum() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] body = "served over http\n".getBytes(StandardCharsets.UTF_8);
        server.createContext("/files/data.txt", x -> {
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/files/data.txt";
            Path ctx = BuildContexts.make(skiff, "remote", "true");
            BuildContexts.write(skiff, "remote/Containerfile", "FROM " + IMAGE + "\nADD " + url + " /fetched/\n");
            Expect.exit(build("-q", "-t", "remote", ctx.toString()), 0);
            assertThat(Expect.lines(skiff.run("run", "--rm", "remote", "sh", "-c",
                    "stat -c '%a %u' /fetched/data.txt && cat /fetched/data.txt")))
                    .containsExactly("600 0", "served over http");

            BuildContexts.write(skiff, "remote/Wrong", "FROM " + IMAGE + "\nADD --checksum=sha256:"
                    + "0".repeat(64) + " " + url + " /fetched/\n");
            String error = Expect.failsWithOneLine(build("-f", ctx.resolve("Wrong").toString(), ctx.toString()), 125);
            assertThat(error).contains("Wrong:2").contains("checksum");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void runMountSecret_isReadable_duringTheStepOnly_andBuildArgsReachRun() {
        Path ctx = BuildContexts.make(skiff, "secret", "echo s3cr3t > token.txt && echo ignored > skipped.txt"
                + " && echo skipped.txt > .containerignore && echo token.txt > .dockerignore");
        BuildContexts.write(skiff, "secret/Containerfile", """
                FROM %s
                ARG COLOR
                RUN --mount=type=secret,id=tok cat /run/secrets/tok > /proof && echo "$COLOR $http_proxy" > /args
                RUN --mount=type=secret,id=absent ls /run/secrets > /listing 2>&1; true
                COPY . /ctx/
                """.formatted(IMAGE));
        Cmd.Result r = build("-t", "secret", "--secret", "id=tok,src=" + ctx.resolve("token.txt"),
                "--build-arg", "COLOR=blue", "--build-arg", "http_proxy=http://proxy:3128",
                "--build-arg", "UNUSED=1", ctx.toString());
        Expect.exit(r, 0);
        assertThat(r.stderr()).contains("one or more build args were not consumed: [UNUSED]");

        assertThat(Expect.lines(skiff.run("run", "--rm", "secret", "sh", "-c",
                "cat /proof /args && ls /ctx && ls -d /run/secrets 2>&1 || true")))
                .as(".containerignore wins over .dockerignore; the secret's mount point is not in the image")
                .containsExactly("s3cr3t", "blue http://proxy:3128", "Containerfile", "token.txt",
                        "ls: /run/secrets: No such file or directory");
    }

    /**
     * RUN --mount=type=bind,from=: a stage's files (a symlink as the source resolved inside the
     * stage, not on the host), an image's, `rw` writes that the next step does not see, no mount point left in the
     * image, and the steps from the cache on a second build.
     */
    @Test
    void runMountBindFrom_bindsAStagesOrImagesFiles_readOnlyUnlessRw() {
        Path ctx = BuildContexts.make(skiff, "bindfrom", "true");
        BuildContexts.write(skiff, "bindfrom/Containerfile", """
                FROM %1$s AS build
                RUN mkdir -p /out && echo built > /out/x && ln -s /etc /out/etc-link && echo stage-only > /etc/marker
                FROM %1$s
                RUN --mount=type=bind,from=build,source=/out,target=/mnt cat /mnt/x > /got
                RUN --mount=type=bind,from=build,source=/out/etc-link,target=/e cat /e/marker >> /got
                RUN --mount=type=bind,from=build,source=out/x,target=/one head -c 5 /one >> /got && echo >> /got
                RUN --mount=type=bind,from=build,source=/out,target=/mnt touch /mnt/nope 2>> /got || echo read-only >> /got
                RUN --mount=type=bind,from=build,source=/out,target=/mnt,rw echo scribble > /mnt/x && cat /mnt/x >> /got
                RUN --mount=type=bind,from=build,source=/out,target=/mnt cat /mnt/x >> /got
                RUN --mount=type=bind,from=%1$s,target=/img grep -c '^app:' /img/etc/passwd >> /got
                """.formatted(IMAGE));
        Expect.exit(build("-t", "bindfrom", ctx.toString()), 0);

        assertThat(Expect.lines(skiff.run("run", "--rm", "bindfrom", "sh", "-c",
                "grep -v 'Read-only' /got; ls -d /mnt /e /one /img 2>&1; true")))
                .containsExactly("built", "stage-only", "built", "read-only", "scribble", "built", "1",
                        "ls: /mnt: No such file or directory", "ls: /e: No such file or directory",
                        "ls: /one: No such file or directory",
                        "ls: /img: No such file or directory");
        assertThat(Files.exists(Path.of("/etc/marker"))).as("the stage's /etc, not the host's").isFalse();

        Cmd.Result again = skiff.command("build", "-t", "bindfrom", ctx.toString()).timeout(Duration.ofSeconds(120)).run();
        Expect.exit(again, 0);
        assertThat(again.stdout().lines().filter(l -> l.startsWith("--> Using cache")).count()).isEqualTo(8);
    }

    @Test
    void runSteps_haveTheBuildsNetwork_unlessRunNetworkSaysOtherwise() {
        Path ctx = BuildContexts.make(skiff, "network", "true");
        BuildContexts.write(skiff, "network/Containerfile", "FROM " + IMAGE + "\n"
                + "RUN ip -o link | wc -l > /default-links\n"
                + "RUN --network=none ip -o link | wc -l > /none-links\n");
        Cmd.Result r = skiff.command("build", "-q", "-t", "network", ctx.toString()).timeout(Duration.ofSeconds(120)).run();
        Expect.exit(r, 0);
        assertThat(Expect.lines(skiff.run("run", "--rm", "--network", "none", "network", "cat", "/default-links",
                "/none-links"))).as("the default network (pasta) has an interface besides lo; none has lo only")
                .containsExactly("2", "1");
    }

    private static String inspect(String image, String format) {
        return Expect.exit(skiff.run("image", "inspect", "--format", format, image), 0).strip();
    }
}

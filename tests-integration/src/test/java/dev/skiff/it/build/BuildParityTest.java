package dev.skiff.it.build;

import static dev.skiff.it.support.Fixtures.IMAGE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.it.support.Cmd;
import dev.skiff.it.support.Expect;
import dev.skiff.it.support.Skiff;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The same multi-stage Containerfile built by skiff and by `podman build`: the images' file
 * systems (paths, types, modes, owners, contents, link targets) and configs are the same.
 */
class BuildParityTest {
    @RegisterExtension
    static final Skiff skiff = new Skiff();

    static final String CONTAINERFILE = """
            # a comment before anything
            ARG BASE=%s
            FROM $BASE AS build
            ARG WHO=world
            RUN mkdir -p /out && echo "built by $WHO" > /out/built.txt && chmod 0751 /out/built.txt
            COPY deep /out/deep/

            FROM $BASE AS unused
            RUN exit 3

            FROM ${BASE}
            ARG WHO=world
            ENV GREETING="hi $WHO" \\
                PATH=/usr/local/bin:/usr/bin:/bin
            # a comment inside a continuation is dropped
            RUN mkdir -p /data/x && echo "$GREETING" > /data/x/g \\
             && chown 1234:5678 /data/x/g && rm -f /bin/ls
            WORKDIR /app/deep
            COPY src/ ./src/
            COPY --chown=1000:1000 top.txt /opt/
            COPY --chown=app top.txt /chowned-by-name.txt
            COPY --chown=app:root src/sub /chowned-dir/
            COPY --chmod=0600 top.txt src/a.txt /multi/
            ADD files.tgz /extracted/
            ADD files.txz /extracted-xz/
            ADD top.txt /added.txt
            COPY src /copied-dir
            COPY src/a.txt /renamed.txt
            COPY s*/sub/*.txt /globbed/
            COPY . /whole/
            COPY --from=build /out/ /from-build/
            COPY --from=build /out/built.txt /from-build-file.txt
            COPY --from=0 /out/deep /from-index
            SHELL ["/bin/sh", "-ec"]
            RUN echo "shell form $WHO" > /app/shell.txt
            RUN ["/bin/sh", "-c", "echo exec form > /app/exec.txt"]
            USER 1000:1000
            EXPOSE 8080 53/udp
            VOLUME /data
            LABEL a=b "c d"=e
            STOPSIGNAL SIGINT
            ENTRYPOINT ["/bin/sh", "-c"]
            CMD ["echo hi"]
            """.formatted(IMAGE);

    static Path context;

    @BeforeAll
    static void sameContextForBoth() {
        skiff.load(skiff.fixtures().dockerArchive());
        Expect.exit(skiff.runAsUser("podman", "load", "-q", "-i", skiff.fixtures().dockerArchive().toString()), 0);
        context = BuildContexts.make(skiff, "parity", String.join(" && ",
                "mkdir -p src/sub deep/x ignored",
                "echo hello > src/a.txt", "echo two > src/sub/b.txt", "chmod 0640 src/sub/b.txt", "chmod 0750 src/sub",
                "ln -s a.txt src/link", "echo top > top.txt", "tar czf files.tgz src", "tar cJf files.txz src/sub",
                "echo secret > ignored/secret.txt", "echo notes > notes.md", "echo readme > README.md",
                "echo y > deep/x/y.go", "echo z > deep/z.go", "echo keep > deep/keep.txt",
                "printf 'ignored\\n*.md\\n!README.md\\n**/*.go\\n!deep/x/y.go\\n' > .dockerignore"));
        BuildContexts.write(skiff, "parity/Containerfile", CONTAINERFILE);
    }

    @AfterAll
    static void cleanUp() {
        skiff.cleanUpPodman();
        skiff.assertNothingLeftBehind();
    }

    @Test
    void skiffAndPodman_buildTheSameFileSystemAndConfig() {
        Cmd.Result byPodman = skiff.asUser("podman", "build", "--runtime", "runc", "--network", "none", "-q",
                "--build-arg", "WHO=tester", "-t", "parity", context.toString()).timeout(Duration.ofSeconds(180)).run();
        Expect.exit(byPodman, 0);
        Cmd.Result bySkiff = skiff.command("build", "--network", "none", "-q", "--build-arg", "WHO=tester", "-t", "parity",
                context.toString()).timeout(Duration.ofSeconds(180)).run();
        Expect.exit(bySkiff, 0);

        Map<String, String> podmanTree = BuildContexts.exported(skiff, "podman", "localhost/parity");
        Map<String, String> skiffTree = BuildContexts.exported(skiff, skiff.launcher().toString(), "parity");
        assertThat(skiffTree).as("the paths, modes, owners and contents skiff built, against podman's")
                .containsExactlyInAnyOrderEntriesOf(podmanTree);
        assertThat(skiffTree).containsKeys("whole/README.md", "whole/deep/x/y.go", "whole/deep/keep.txt",
                "from-index/x/y.go", "extracted/src/link", "extracted-xz/src/sub/b.txt", "globbed/b.txt")
                .doesNotContainKeys("whole/ignored", "whole/notes.md", "whole/deep/z.go", "bin/ls");

        assertThat(config(skiff.launcher().toString(), "parity")).isEqualTo(config("podman", "localhost/parity"));
        assertThat(Expect.lines(skiff.run("run", "--rm", "parity", "cat /app/shell.txt /app/exec.txt /data/x/g")))
                .containsExactly("shell form tester", "exec form", "hi tester");
    }

    /** The config fields a Containerfile sets, podman's build label left out. */
    private static Map<String, String> config(String program, String image) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String field : List.of("Env", "Cmd", "Entrypoint", "WorkingDir", "User", "ExposedPorts", "Labels", "Volumes",
                "StopSignal")) {
            String value = Expect.exit(skiff.runAsUser(program, "image", "inspect", "--format",
                    "{{json .Config." + field + "}}", image), 0).strip();
            out.put(field, value.replaceAll(",?\"io.buildah.version\":\"[^\"]*\"", "").replace("{,", "{"));
        }
        return out;
    }
}

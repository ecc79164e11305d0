package dev.skiff.it.lifecycle;

import static dev.skiff.it.support.Fixtures.IMAGE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.it.support.Expect;
import dev.skiff.it.support.Http;
import dev.skiff.it.support.Skiff;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Pods: containers sharing the infra container's network (with the pod's published ports), IPC and host name. */
class PodTest {
    @RegisterExtension
    static final Skiff skiff = new Skiff();

    private static final String PAGE = "mkdir -p /www && echo pod-page > /www/index.html && exec busybox httpd -f -p 80 -h /www";

    @BeforeAll
    static void image() {
        skiff.load(skiff.fixtures().dockerArchive());
    }

    @Test
    void aPodsContainers_shareLocalhostIpcAndName_andThePodsPorts() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String id = skiff.run("pod", "create", "--name", "web", "-p", "127.0.0.1:" + port + ":80").stdout().strip();
        assertThat(id).matches("[0-9a-f]{64}");
        assertThat(Expect.lines(skiff.run("pod", "ps", "--format", "{{.Name}} {{.Status}} {{.NumberOfContainers}}")))
                .containsExactly("web Created 1");

        Expect.exit(skiff.run("run", "-d", "--pod", "web", "--name", "server", IMAGE, "sh", "-c", PAGE), 0);
        assertThat(Http.get(port)).as("the pod's published port").contains("pod-page");
        assertThat(Expect.lines(skiff.run("run", "--rm", "--pod", "web", IMAGE, "sh", "-c",
                "busybox wget -q -O - http://127.0.0.1:80/; hostname"))).containsExactly("pod-page", "web");
        assertThat(skiff.run("exec", "server", "readlink", "/proc/self/ns/ipc", "/proc/self/ns/net").stdout())
                .isEqualTo(skiff.run("run", "--rm", "--pod", "web", IMAGE, "readlink", "/proc/self/ns/ipc",
                        "/proc/self/ns/net").stdout());

        assertThat(Expect.lines(skiff.run("pod", "ps", "--format", "{{.Name}} {{.Status}} {{.NumberOfContainers}}")))
                .containsExactly("web Running 2");
        assertThat(Expect.lines(skiff.run("pod", "inspect", "--format", "{{.State}} {{.NumContainers}} {{.Id}}", "web")))
                .containsExactly("Running 2 " + id);
        List<String> top = Expect.lines(skiff.run("pod", "top", "web", "args"));
        assertThat(top).contains("COMMAND", "/pause").anyMatch(l -> l.contains("httpd"));

        assertThat(Expect.lines(skiff.run("pod", "stop", "-t", "1", "web"))).containsExactly(id);
        assertThat(skiff.run("pod", "ps", "--format", "{{.Status}}").stdout().strip()).isEqualTo("Exited");
        Expect.exit(skiff.run("pod", "start", "web"), 0);
        assertThat(Http.get(port)).as("served again after a pod start").contains("pod-page");
        Expect.exit(skiff.run("pod", "kill", "web"), 0);
        String status = "";
        for (int i = 0; i < 50 && !status.equals("Exited"); i++) {
            Thread.sleep(100); // SIGKILL is sent; the containers end a moment later
            status = skiff.run("pod", "ps", "--format", "{{.Status}}").stdout().strip();
        }
        assertThat(status).isEqualTo("Exited");
        Expect.exit(skiff.run("pod", "restart", "web"), 0);
        assertThat(skiff.run("pod", "ps", "--format", "{{.Status}}").stdout().strip()).isEqualTo("Running");
        assertThat(Http.get(port)).as("served again after a pod restart").contains("pod-page");

        assertThat(Expect.failsWithOneLine(skiff.run("pod", "rm", "web"), 2)).contains("web", "--force");
        Expect.exit(skiff.run("pod", "rm", "-f", "web"), 0);
        assertThat(skiff.run("ps", "-a", "-q").stdoutLines()).isEmpty();
        Expect.exit(skiff.run("pod", "exists", "web"), 1);
    }

    @Test
    void badPodUse_failsWithOneLine() {
        Expect.exit(skiff.run("pod", "create", "--name", "solo"), 0);
        assertThat(Expect.failsWithOneLine(skiff.run("run", "--rm", "--pod", "solo", "-p", "8080:80", IMAGE, "true"), 125))
                .contains("pod");
        assertThat(Expect.failsWithOneLine(skiff.run("run", "--rm", "--pod", "nosuch", IMAGE, "true"), 125))
                .contains("nosuch", "no such pod");
        assertThat(Expect.failsWithOneLine(skiff.run("pod", "create", "--name", "solo"), 125)).contains("solo", "in use");
        String infra = skiff.run("pod", "inspect", "--format", "{{.InfraContainerID}}", "solo").stdout().strip();
        assertThat(Expect.failsWithOneLine(skiff.run("rm", "-f", infra), 125)).contains("infra", "pod rm");
        Expect.exit(skiff.run("pod", "rm", "solo"), 0);
        assertThat(skiff.run("ps", "-a", "-q").stdoutLines()).isEmpty();
    }
}

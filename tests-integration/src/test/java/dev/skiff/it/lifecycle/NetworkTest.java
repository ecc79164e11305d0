package dev.skiff.it.lifecycle;

import static dev.skiff.it.support.Fixtures.IMAGE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.it.support.Cmd;
import dev.skiff.it.support.CraftedImages;
import dev.skiff.it.support.Expect;
import dev.skiff.it.support.Http;
import dev.skiff.it.support.Fixtures;
import dev.skiff.it.support.Skiff;
import dev.skiff.it.support.TarWriter;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Rootless networking through pasta, and skiff-shim's forwarder for TCP ports on the host's
 * loopback: published TCP and UDP ports reached from the host, the host's loopback reached from
 * the container, -P, `port`, PORTS, --network host, none and container:NAME, and a taken port
 * refused.
 */
class NetworkTest {
    @RegisterExtension
    static final Skiff skiff = new Skiff();

    private static final String PAGE = "mkdir -p /www && echo served-by-skiff > /www/index.html && exec busybox httpd -f -p 80 -h /www";

    @BeforeAll
    static void images() throws Exception {
        skiff.load(skiff.fixtures().dockerArchive());
        // a UDP echo server: busybox has none
        Path src = skiff.writeFile("udp-echo.c", """
                #include <arpa/inet.h>
                #include <stdlib.h>
                #include <sys/socket.h>
                int main(int argc, char **argv) {
                    int s = socket(AF_INET, SOCK_DGRAM, 0);
                    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(atoi(argv[1])) };
                    if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof a) < 0) return 1;
                    for (;;) {
                        char buf[512]; struct sockaddr_in from; socklen_t len = sizeof from;
                        ssize_t n = recvfrom(s, buf, sizeof buf, 0, (struct sockaddr *)&from, &len);
                        if (n > 0) sendto(s, buf, (size_t)n, 0, (struct sockaddr *)&from, len);
                    }
                }
                """);
        Path bin = src.resolveSibling("udp-echo");
        Cmd.Result cc = Cmd.run(List.of("gcc", "-static", "-Os", "-o", bin.toString(), src.toString()), Duration.ofSeconds(60));
        assertThat(cc.exitCode()).as("%s", cc).isZero();
        byte[] top = new TarWriter().file("udp-echo", Files.readAllBytes(bin), 0755, 0, 0).finish();
        skiff.load(CraftedImages.write(skiff, "udp.tar", CraftedImages.dockerArchive(List.of(Fixtures.rootfsLayer(), top))));
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The IPv4 address of the host's interface with the default route. */
    private static InetAddress hostAddress() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/net/route"))) {
            String[] f = line.trim().split("\\s+");
            if (f.length > 1 && f[1].equals("00000000")) {
                for (InetAddress a : java.util.Collections.list(java.net.NetworkInterface.getByName(f[0]).getInetAddresses())) {
                    if (a instanceof java.net.Inet4Address) {
                        return a;
                    }
                }
            }
        }
        throw new AssertionError("no default route on this host");
    }

    private static boolean pastaRunsFor(String id) throws Exception {
        return helperRunsFor("pasta", id);
    }

    /** Whether a process HELPER runs whose command line names MARK. */
    private static boolean helperRunsFor(String helper, String mark) throws Exception {
        try (var procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().matches("\\d+")).anyMatch(p -> {
                try {
                    String cmd = Files.readString(p.resolve("cmdline")).replace('\0', ' ');
                    return cmd.contains(helper) && cmd.contains(mark);
                } catch (java.io.IOException e) {
                    return false;
                }
            });
        }
    }

    /** /proc/PID/status of the forwarder whose command line names MARK. */
    private static String forwarderStatus(String mark) throws Exception {
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String cmd = Files.readString(p.resolve("cmdline")).replace('\0', ' ');
                    if (cmd.startsWith("skiff-shim forward") && cmd.contains(mark)) {
                        return Files.readString(p.resolve("status"));
                    }
                } catch (java.io.IOException e) {
                    // ended meanwhile
                }
            }
        }
        throw new AssertionError("no forwarder for " + mark);
    }

    @Test
    void aPublishedTcpPort_servesTheHost_andPortPsInspectShowIt() throws Exception {
        int port = freePort();
        Expect.exit(skiff.run("run", "-d", "--name", "web", "-p", "127.0.0.1:" + port + ":80", IMAGE, "sh", "-c", PAGE), 0);
        String id = skiff.run("inspect", "--format", "{{.Id}}", "web").stdout().strip();

        assertThat(Http.get(port)).contains("200 OK").contains("served-by-skiff");
        assertThat(Expect.lines(skiff.run("port", "web"))).containsExactly("80/tcp -> 127.0.0.1:" + port);
        assertThat(Expect.lines(skiff.run("port", "web", "80/tcp"))).containsExactly("127.0.0.1:" + port);
        assertThat(Expect.lines(skiff.run("ps", "--filter", "name=web", "--format", "{{.Names}} {{.Ports}}")))
                .containsExactly("web 127.0.0.1:" + port + "->80/tcp");
        assertThat(skiff.run("inspect", "--format", "{{json .NetworkSettings.Ports}}", "web").stdout().strip())
                .isEqualTo("{\"80/tcp\":[{\"HostIp\":\"127.0.0.1\",\"HostPort\":\"" + port + "\"}]}");
        assertThat(pastaRunsFor(id)).as("pasta runs for the container").isTrue();

        // a second container in web's network namespace reaches it on localhost
        assertThat(Expect.lines(skiff.run("run", "--rm", "--network", "container:web", IMAGE, "busybox", "wget", "-q", "-O", "-",
                "http://127.0.0.1:80/"))).containsExactly("served-by-skiff");

        Cmd.Result taken = skiff.run("run", "-d", "--name", "second", "-p", "127.0.0.1:" + port + ":80", IMAGE, "true");
        assertThat(Expect.failsWithOneLine(taken, 125)).contains(Integer.toString(port), "in use");
        assertThat(skiff.run("ps", "-a", "--format", "{{.Names}}").stdoutLines()).containsExactly("web");

        Expect.exit(skiff.run("rm", "-f", "web"), 0);
        assertThat(pastaRunsFor(id)).as("pasta went with the container").isFalse();
    }

    /**
     * A port on the host's loopback goes through skiff-shim's forwarder, not pasta: 3 MiB in,
     * the end of the upload passed on (wc in the container counts and answers), 2 MiB back, and
     * the container's end of the reply passed back. A connection the container does not take is
     * closed, not left hanging.
     */
    @Test
    void aLoopbackPort_isRelayedBothWays_withEachSidesEnd() throws Exception {
        int port = freePort();
        Expect.exit(skiff.run("run", "-d", "--name", "relay", "-p", "127.0.0.1:" + port + ":5001", IMAGE,
                "busybox", "nc", "-l", "-p", "5001", "-e", "sh", "-c", "wc -c; dd if=/dev/zero bs=1024 count=2048 2>/dev/null"), 0);
        String id = skiff.run("inspect", "--format", "{{.Id}}", "relay").stdout().strip();
        assertThat(helperRunsFor("skiff-shim forward", ":5001")).as("the forwarder runs").isTrue();
        assertThat(helperRunsFor("pasta", id)).as("pasta runs for the container").isTrue();
        assertThat(forwarderStatus(":5001")).as("what the container sends meets no capability")
                .contains("CapEff:\t0000000000000000", "NoNewPrivs:\t1");

        byte[] reply = new byte[0];
        for (int attempt = 0; attempt < 50 && reply.length == 0; attempt++) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                s.setSoTimeout(10_000);
                s.getOutputStream().write(new byte[3 << 20]);
                s.shutdownOutput();
                reply = s.getInputStream().readAllBytes();
            } catch (java.net.SocketException e) {
                // nc is not listening yet: the forwarder ended the connection
            }
            if (reply.length == 0) {
                Thread.sleep(100);
            }
        }
        assertThat(new String(reply, 0, Math.min(8, reply.length), StandardCharsets.US_ASCII)).isEqualTo("3145728\n");
        assertThat(reply).hasSize(8 + (2 << 20));
        assertThat(Expect.lines(skiff.run("wait", "relay"))).containsExactly("0");

        Expect.exit(skiff.run("run", "-d", "--name", "deaf", "-p", "127.0.0.1:" + port + ":5001", IMAGE, "sleep", "60"), 0);
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(10_000);
            int first;
            try {
                first = s.getInputStream().read();
            } catch (java.net.SocketException e) {
                first = -1; // reset
            }
            assertThat(first).as("a connection nobody in the container takes ends").isEqualTo(-1);
        }
        Expect.exit(skiff.run("rm", "-f", "relay", "deaf"), 0);
        assertThat(helperRunsFor("skiff-shim forward", ":5001")).as("the forwarder went with the container").isFalse();
    }

    /**
     * Sent to the host's own address: Debian 12's pasta loses replies to datagrams that came in
     * over the host's loopback (its spliced UDP path).
     */
    @Test
    void aPublishedUdpPort_echoes() throws Exception {
        int port = freePort();
        Expect.exit(skiff.run("run", "-d", "--name", "udp", "-p", port + ":5000/udp", CraftedImages.NAME,
                "/udp-echo", "5000"), 0);
        InetAddress host = hostAddress();
        try (DatagramSocket s = new DatagramSocket()) {
            s.setSoTimeout(500);
            byte[] ping = "ping-over-udp".getBytes(StandardCharsets.US_ASCII);
            String got = null;
            for (int attempt = 0; attempt < 20 && got == null; attempt++) {
                s.send(new DatagramPacket(ping, ping.length, host, port));
                DatagramPacket reply = new DatagramPacket(new byte[512], 512);
                try {
                    s.receive(reply);
                    got = new String(reply.getData(), 0, reply.getLength(), StandardCharsets.US_ASCII);
                } catch (java.net.SocketTimeoutException e) {
                    // the server is starting
                }
            }
            assertThat(got).isEqualTo("ping-over-udp");
        }
        assertThat(Expect.lines(skiff.run("port", "udp"))).containsExactly("5000/udp -> 0.0.0.0:" + port);
        Expect.exit(skiff.run("rm", "-f", "udp"), 0);
    }

    /** The lines of what RUN (given a port of the host's loopback that answers one HTTP request) printed. */
    private static List<String> withHostServer(java.util.function.IntFunction<Cmd.Result> run) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread t = Thread.ofPlatform().start(() -> {
                try (Socket c = server.accept(); InputStream in = c.getInputStream(); OutputStream out = c.getOutputStream()) {
                    byte[] request = new byte[1024];
                    in.read(request); // the request line; the reply does not depend on it
                    out.write("HTTP/1.0 200 OK\r\nContent-Length: 20\r\n\r\nhello from the host\n"
                            .getBytes(StandardCharsets.US_ASCII));
                } catch (java.io.IOException e) {
                    // the caller's assertion tells
                }
            });
            List<String> out = Expect.lines(run.apply(server.getLocalPort()));
            t.join(5000);
            return out;
        }
    }

    @Test
    void theContainer_reachesTheHostsLoopback_throughHostContainersInternal() throws Exception {
        assertThat(withHostServer(port -> skiff.run("run", "--rm", IMAGE, "sh", "-c",
                "grep host.containers.internal /etc/hosts | cut -f2 | cut -d' ' -f1; "
                        + "busybox wget -q -O - http://host.containers.internal:" + port + "/")))
                .containsExactly("host.containers.internal", "hello from the host");
    }

    @Test
    void slirp4netns_publishesPorts_andReachesTheHostsLoopback() throws Exception {
        int port = freePort();
        Expect.exit(skiff.run("run", "-d", "--name", "slirp", "--network", "slirp4netns", "-p", "127.0.0.1:" + port + ":80",
                IMAGE, "sh", "-c", PAGE), 0);
        String id = skiff.run("inspect", "--format", "{{.Id}}", "slirp").stdout().strip();

        assertThat(Http.get(port)).contains("served-by-skiff");
        assertThat(Expect.lines(skiff.run("exec", "slirp", "sh", "-c", "ip -4 -o addr show tap0 | awk '{print $4}'; "
                + "grep host.containers.internal /etc/hosts | cut -f1; grep nameserver /etc/resolv.conf")))
                .containsExactly("10.0.2.100/24", "10.0.2.2", "nameserver 10.0.2.3");
        assertThat(withHostServer(hostPort -> skiff.run("exec", "slirp", "busybox", "wget", "-q", "-O", "-",
                "http://host.containers.internal:" + hostPort + "/"))).containsExactly("hello from the host");

        Expect.exit(skiff.run("rm", "-f", "slirp"), 0);
        assertThat(helperRunsFor("slirp4netns", skiff.runtimeDir().resolve("skiff").resolve(id.substring(0, 12)
                + "-slirp.sock").toString())).as("slirp4netns went with the container").isFalse();
        assertThat(skiff.runtimeDir().resolve("skiff").resolve(id.substring(0, 12) + "-slirp.sock")).doesNotExist();
    }

    @Test
    void aRangeOfPorts_isPublishedPortByPort() throws Exception {
        int first = 0;
        for (int attempt = 0; attempt < 20 && first == 0; attempt++) {
            try (ServerSocket a = new ServerSocket(0); ServerSocket b = new ServerSocket(a.getLocalPort() + 1)) {
                first = a.getLocalPort(); // two free ports in a row
            } catch (java.io.IOException e) {
                // the next one was taken: try again
            }
        }
        assertThat(first).as("two free ports in a row").isPositive();
        String range = "127.0.0.1:" + first + "-" + (first + 1) + ":80-81";
        Expect.exit(skiff.run("run", "-d", "--name", "ranged", "-p", range, IMAGE, "sh", "-c", PAGE), 0);
        assertThat(Expect.lines(skiff.run("port", "ranged"))).containsExactly("80/tcp -> 127.0.0.1:" + first,
                "81/tcp -> 127.0.0.1:" + (first + 1));
        assertThat(Expect.lines(skiff.run("ps", "--filter", "name=ranged", "--format", "{{.Ports}}")))
                .containsExactly("127.0.0.1:" + first + "-" + (first + 1) + "->80-81/tcp");
        assertThat(Http.get(first)).contains("served-by-skiff");
        Expect.exit(skiff.run("rm", "-f", "ranged"), 0);
    }

    @Test
    void publishAll_mapsEveryExposedPort_toAFreeHostPort() throws Exception {
        Expect.exit(skiff.run("create", "--name", "base", IMAGE, "true"), 0);
        Expect.exit(skiff.run("commit", "-c", "EXPOSE=80", "base", "exposing"), 0);
        Expect.exit(skiff.run("rm", "base"), 0);
        Expect.exit(skiff.run("run", "-d", "--name", "all", "-P", "exposing", "sh", "-c", PAGE), 0);

        String hostPort = skiff.run("port", "all", "80").stdout().strip();
        assertThat(hostPort).matches("0\\.0\\.0\\.0:\\d+");
        assertThat(Http.get(Integer.parseInt(hostPort.substring(hostPort.indexOf(':') + 1)))).contains("served-by-skiff");
        Expect.exit(skiff.run("rm", "-f", "all"), 0);
        Expect.exit(skiff.run("rmi", "exposing"), 0);
    }

    @Test
    void hostNoneAndNames_andBadNetworks() throws Exception {
        String hostAddresses = String.join(" ", Expect.lines(Cmd.run(List.of("sh", "-c",
                "ip -4 -o addr show | awk '{print $4}' | sort"), Duration.ofSeconds(10))));
        assertThat(String.join(" ", Expect.lines(skiff.run("run", "--rm", "--network", "host", IMAGE, "sh", "-c",
                "ip -4 -o addr show | awk '{print $4}' | sort")))).isEqualTo(hostAddresses);
        assertThat(Expect.lines(skiff.run("run", "--rm", "--add-host", "db.local:10.1.2.3", "--dns", "10.9.9.9", IMAGE,
                "sh", "-c", "grep db.local /etc/hosts; grep nameserver /etc/resolv.conf")))
                .containsExactly("10.1.2.3\tdb.local", "nameserver 10.9.9.9");

        assertThat(Expect.failsWithOneLine(skiff.run("run", "--rm", "--network", "none", "-p", "8080:80", IMAGE, "true"),
                125)).contains("-p", "pasta");
        assertThat(Expect.failsWithOneLine(skiff.run("run", "--rm", "--network", "bridge", IMAGE, "true"), 125))
                .contains("--network", "bridge");
        assertThat(Expect.failsWithOneLine(skiff.run("run", "--rm", "-p", "99999:80", IMAGE, "true"), 125))
                .contains("99999");
        if (Integer.parseInt(Files.readString(Path.of("/proc/sys/net/ipv4/ip_unprivileged_port_start")).strip()) > 80) {
            assertThat(Expect.failsWithOneLine(skiff.run("run", "--rm", "-p", "80:80", IMAGE, "true"), 125))
                    .contains("80", "ip_unprivileged_port_start");
        }
        assertThat(skiff.run("ps", "-a", "-q").stdoutLines()).isEmpty();
    }
}

package dev.skiff.runtime.container;

import dev.skiff.runtime.SkiffException;
import java.util.ArrayList;
import java.util.List;

/**
 * One `-p [IP:][HOST_PORT:]CONTAINER_PORT[/tcp|/udp]`, ranges included (`8080-8081:80-81`); a
 * missing host port is chosen when the container is created.
 *
 * @param hostIp        the host address to listen on; empty for all
 * @param hostPort      the first host port; 0 until chosen
 * @param containerPort the first container port
 * @param count         how many consecutive ports
 * @param protocol      tcp or udp
 */
public record PortMapping(String hostIp, int hostPort, int containerPort, int count, String protocol) {

    /** Parses one `-p` value. */
    public static PortMapping parse(String spec) {
        String rest = spec;
        String protocol = "tcp";
        int slash = rest.lastIndexOf('/');
        if (slash >= 0) {
            protocol = rest.substring(slash + 1);
            rest = rest.substring(0, slash);
            if (!protocol.equals("tcp") && !protocol.equals("udp")) {
                throw new SkiffException("-p `" + spec + "`: the protocol is tcp or udp");
            }
        }
        String hostIp = "";
        String hostPart = "";
        String containerPart;
        if (rest.startsWith("[")) {
            int close = rest.indexOf("]:");
            if (close < 0) {
                throw bad(spec);
            }
            hostIp = rest.substring(1, close);
            rest = rest.substring(close + 2);
            int colon = rest.indexOf(':');
            if (colon < 0) {
                throw bad(spec);
            }
            hostPart = rest.substring(0, colon);
            containerPart = rest.substring(colon + 1);
        } else {
            String[] f = rest.split(":", -1);
            switch (f.length) {
                case 1 -> containerPart = f[0];
                case 2 -> {
                    hostPart = f[0];
                    containerPart = f[1];
                }
                case 3 -> {
                    hostIp = f[0];
                    hostPart = f[1];
                    containerPart = f[2];
                }
                default -> throw bad(spec);
            }
        }
        int[] container = range(spec, containerPart);
        int[] host = hostPart.isEmpty() ? new int[] {0, container[1]} : range(spec, hostPart);
        if (host[1] != container[1]) {
            throw new SkiffException("-p `" + spec + "`: the host and container ranges differ in length");
        }
        if (!hostIp.isEmpty() && !hostIp.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            throw new SkiffException("-p `" + spec + "`: `" + hostIp + "` is no IP address");
        }
        return new PortMapping(hostIp, host[0], container[0], container[1], protocol);
    }

    /** The same mapping on the host ports from FIRST. */
    PortMapping onHostPort(int first) {
        return new PortMapping(hostIp, first, containerPort, count, protocol);
    }

    /** Whether this is TCP on a host loopback address (127.0.0.0/8, ::1). */
    boolean onLoopback() {
        return protocol.equals("tcp") && (hostIp.startsWith("127.") || hostIp.equals("::1")
                || hostIp.equals("0:0:0:0:0:0:0:1"));
    }

    /** One mapping per port, as `port` and inspect list them. */
    public List<PortMapping> single() {
        List<PortMapping> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(new PortMapping(hostIp, hostPort + i, containerPort + i, 1, protocol));
        }
        return out;
    }

    /** podman's PORTS form: {@code 0.0.0.0:8080->80/tcp}, or with ranges {@code 0.0.0.0:8080-8081->80-81/tcp}. */
    public String display() {
        String ip = hostIp.isEmpty() ? "0.0.0.0" : hostIp.contains(":") ? "[" + hostIp + "]" : hostIp;
        return ip + ":" + span(hostPort) + "->" + span(containerPort) + "/" + protocol;
    }

    private String span(int first) {
        return count == 1 ? Integer.toString(first) : first + "-" + (first + count - 1);
    }

    /** How pasta's -t and -u take it: {@code [ADDR/]HOST[-END]:CONTAINER[-END]}. */
    String pastaSpec() {
        return (hostIp.isEmpty() ? "" : hostIp + "/") + span(hostPort) + ":" + span(containerPort);
    }

    /** The record kept with the container. */
    String record() {
        return hostIp + "|" + hostPort + "|" + containerPort + "|" + count + "|" + protocol;
    }

    static PortMapping parseRecord(String r) {
        String[] f = r.split("\\|", -1);
        return new PortMapping(f[0], Integer.parseInt(f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[3]), f[4]);
    }

    private static int[] range(String spec, String s) {
        try {
            int dash = s.indexOf('-');
            int first = Integer.parseInt(dash < 0 ? s : s.substring(0, dash));
            int last = dash < 0 ? first : Integer.parseInt(s.substring(dash + 1));
            if (first >= 1 && last <= 65535 && last >= first) {
                return new int[] {first, last - first + 1};
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new SkiffException("-p `" + spec + "`: `" + s + "` is no port or range of ports (1-65535)");
    }

    private static SkiffException bad(String spec) {
        return new SkiffException("-p `" + spec + "`: give [IP:][HOST_PORT:]CONTAINER_PORT[/tcp|/udp]");
    }
}

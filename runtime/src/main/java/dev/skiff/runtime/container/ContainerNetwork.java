package dev.skiff.runtime.container;

import dev.skiff.runtime.SkiffException;
import dev.skiff.runtime.image.RunConfig;
import dev.skiff.runtime.spec.Plan;
import dev.skiff.runtime.sys.Executables;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A container's network, decided when it is created: its mode (pasta, slirp4netns, none, host,
 * or another container's), its published ports with host ports chosen and checked free, and its
 * /etc/hosts and /etc/resolv.conf.
 *
 * @param mode  pasta, slirp4netns, none, host or container:ID
 * @param ports published ports, host ports chosen
 */
record ContainerNetwork(String mode, List<PortMapping> ports) {
    /** Where pasta lets the container reach the host's DNS when the host's own server is on loopback. */
    private static final String DNS_FORWARD = "169.254.1.1";
    /** slirp4netns's addresses: the container's, the host's loopback as the container reaches it, its DNS. */
    private static final String SLIRP_ADDRESS = "10.0.2.100";
    private static final String SLIRP_HOST = "10.0.2.2";
    private static final String SLIRP_DNS = "10.0.2.3";

    /** Whether the container has a network namespace of its own. */
    boolean ownNamespace() {
        return !mode.equals("host") && !mode.startsWith("container:");
    }

    /** The container whose network namespace this one joins, for container:ID. */
    Optional<String> joined() {
        return mode.startsWith("container:") ? Optional.of(mode.substring("container:".length())) : Optional.empty();
    }

    /**
     * Chooses the mode (the default is pasta when installed, else none), the image's exposed
     * ports with -P, and host ports: given ones checked free, missing ones picked free.
     */
    static ContainerNetwork resolve(NetworkOptions o, RunConfig config, Containers containers) {
        String mode = o.mode();
        if (mode.isEmpty()) {
            mode = Executables.find("pasta").isPresent() ? "pasta"
                    : Executables.find("slirp4netns").isPresent() ? "slirp4netns" : "none";
        }
        if (mode.equals("pasta") && Executables.find("pasta").isEmpty()) {
            throw new SkiffException("--network pasta: pasta is not installed (Debian's passt package)");
        }
        if (mode.equals("slirp4netns") && Executables.find("slirp4netns").isEmpty()) {
            throw new SkiffException("--network slirp4netns: slirp4netns is not installed (Debian's slirp4netns package)");
        }
        if (mode.startsWith("container:")) {
            ContainerDir other = containers.find(mode.substring("container:".length()));
            mode = "container:" + other.id();
        }
        List<PortMapping> wanted = new ArrayList<>(o.mappings());
        if (o.publishAll()) {
            for (String exposed : config.exposedPorts()) {
                String[] f = exposed.split("/");
                wanted.add(PortMapping.parse(f[0] + (f.length > 1 ? "/" + f[1] : "")));
            }
        }
        if (!wanted.isEmpty() && !mode.equals("pasta") && !mode.equals("slirp4netns")) {
            throw new SkiffException("-p publishes ports of a network of the container's own: use --network pasta "
                    + "(the default when passt is installed) or slirp4netns, not " + mode);
        }
        List<PortMapping> ports = new ArrayList<>();
        for (PortMapping p : wanted) {
            ports.add(p.hostPort() == 0 ? p.onHostPort(freePorts(p)) : checkFree(p));
        }
        return new ContainerNetwork(mode, ports);
    }

    /** A pod's container: in its infra container's network namespace, which holds the pod's ports. */
    static ContainerNetwork inPod(NetworkOptions o, Pod pod) {
        if (!o.mode().isEmpty()) {
            throw new SkiffException("--network " + o.mode() + ": a container in pod " + pod.name() + " shares the "
                    + "pod's network; give the network to skiff pod create");
        }
        if (!o.publish().isEmpty() || o.publishAll()) {
            throw new SkiffException("-p: published ports belong to the pod; give them to skiff pod create");
        }
        return new ContainerNetwork("container:" + pod.infraId(), List.of());
    }

    /** Refuses a host port that is taken or that a rootless user cannot bind, naming it. */
    private static PortMapping checkFree(PortMapping p) {
        for (PortMapping one : p.single()) {
            try {
                bind(one.hostIp(), one.hostPort(), one.protocol()).close();
            } catch (IOException e) {
                int unprivileged = unprivilegedPortStart();
                if (one.hostPort() < unprivileged) {
                    throw new SkiffException("-p " + one.display() + ": host port " + one.hostPort() + " is below "
                            + unprivileged + " (net.ipv4.ip_unprivileged_port_start), which a rootless user cannot "
                            + "bind: choose a port of " + unprivileged + " or above");
                }
                throw new SkiffException("-p " + one.display() + ": host port " + one.hostPort() + "/" + one.protocol()
                        + " is already in use: choose another, or stop what listens there");
            }
        }
        return p;
    }

    /** The first of COUNT consecutive free host ports for P. */
    private static int freePorts(PortMapping p) {
        for (int attempt = 0; attempt < 100; attempt++) {
            int first = ThreadLocalRandom.current().nextInt(20000, 60000 - p.count());
            boolean free = true;
            for (int i = 0; i < p.count() && free; i++) {
                try {
                    bind(p.hostIp(), first + i, p.protocol()).close();
                } catch (IOException e) {
                    free = false;
                }
            }
            if (free) {
                return first;
            }
        }
        throw new SkiffException("-p " + p.display() + ": found no free host ports");
    }

    private static java.io.Closeable bind(String ip, int port, String protocol) throws IOException {
        InetSocketAddress at = ip.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(InetAddress.getByName(ip), port);
        if (protocol.equals("udp")) {
            DatagramSocket s = new DatagramSocket(null);
            s.bind(at);
            return s;
        }
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true); // a port in TIME_WAIT is free for pasta too
        s.bind(at);
        return s;
    }

    private static int unprivilegedPortStart() {
        try {
            return Integer.parseInt(Files.readString(Path.of("/proc/sys/net/ipv4/ip_unprivileged_port_start")).strip());
        } catch (IOException | NumberFormatException e) {
            return 1024;
        }
    }

    /**
     * The network helper for the container's namespace, as records of PLAN: pasta (its pid file
     * in USERDATA) or slirp4netns (its API socket, which publishes the ports, in RUN_DIR).
     */
    void addHelper(Plan plan, Path userdata, Path runDir, String id, String resolvConf) {
        if (mode.equals("slirp4netns")) {
            List<String> argv = new ArrayList<>(List.of(Executables.find("slirp4netns").orElseThrow().toString(),
                    "--configure", "--mtu=65520", "--ready-fd={readyfd}", "--netns-type=path"));
            if (!ports.isEmpty()) {
                // the socket's path must fit a sockaddr_un: the short runtime dir, not the store
                String api = runDir.resolve(id.substring(0, 12) + "-slirp.sock").toString();
                argv.add("--api-socket=" + api);
                plan.netHelperApi(api);
                for (PortMapping range : ports) {
                    for (PortMapping p : range.single()) {
                        plan.netHelperCall("{\"execute\":\"add_hostfwd\",\"arguments\":{\"proto\":\"" + p.protocol()
                                + "\",\"host_addr\":\"" + (p.hostIp().isEmpty() ? "0.0.0.0" : p.hostIp())
                                + "\",\"host_port\":" + p.hostPort() + ",\"guest_port\":" + p.containerPort() + "}}\n");
                    }
                }
            }
            argv.addAll(List.of("{netns}", "tap0"));
            argv.forEach(plan::netHelper);
            return;
        }
        if (!mode.equals("pasta")) {
            return;
        }
        String pidFile = userdata.resolve("pasta.pid").toString();
        List<String> argv = new ArrayList<>(List.of(Executables.find("pasta").orElseThrow().toString(),
                "--config-net", "--quiet", "--foreground", "--netns", "{netns}", "--pid", pidFile));
        if (System.getenv("SKIFF_HOST_UID") == null) {
            // as real root, pasta would change to nobody, who cannot open the namespace it is given
            argv.addAll(List.of("--runas", "0:0"));
        }
        // TCP ports on a loopback address go through the shim's forwarder: pasta would splice them
        // to the container's loopback too, the source address the same, at a higher cost per byte
        List<PortMapping> forwarded = ports.stream().filter(PortMapping::onLoopback).toList();
        forwarded.stream().flatMap(range -> range.single().stream())
                .forEach(p -> plan.forward(p.hostIp(), p.hostPort(), p.containerPort()));
        List<String> tcp = ports.stream().filter(p -> p.protocol().equals("tcp") && !forwarded.contains(p))
                .map(PortMapping::pastaSpec).toList();
        List<String> udp = ports.stream().filter(p -> p.protocol().equals("udp")).map(PortMapping::pastaSpec).toList();
        argv.addAll(List.of("-t", tcp.isEmpty() ? "none" : String.join(",", tcp)));
        argv.addAll(List.of("-u", udp.isEmpty() ? "none" : String.join(",", udp)));
        argv.addAll(List.of("-T", "none", "-U", "none"));
        if (resolvConf.contains("nameserver " + DNS_FORWARD)) {
            argv.addAll(List.of("--dns-forward", DNS_FORWARD));
        }
        argv.forEach(plan::netHelper);
        plan.netHelperPid(pidFile);
    }

    /**
     * /etc/hosts: localhost, the container's own name at its address (the host's, under pasta),
     * host.containers.internal at the address that reaches the host's loopback (pasta's gateway),
     * and `--add-host` entries.
     */
    String hosts(String hostname, String name, List<String> addHost) {
        StringBuilder b = new StringBuilder();
        if (mode.equals("host")) {
            try {
                b.append(Files.readString(Path.of("/etc/hosts")));
                if (b.length() > 0 && b.charAt(b.length() - 1) != '\n') {
                    b.append('\n');
                }
            } catch (IOException e) {
                // none on the host
            }
        } else {
            b.append("127.0.0.1\tlocalhost localhost.localdomain localhost4 localhost4.localdomain4\n")
                    .append("::1\tlocalhost localhost.localdomain localhost6 localhost6.localdomain6\n");
        }
        String names = hostname + (name.equals(hostname) ? "" : " " + name);
        Optional<String[]> route = mode.equals("pasta") ? defaultRoute()
                : mode.equals("slirp4netns") ? Optional.of(new String[] {SLIRP_HOST, SLIRP_ADDRESS}) : Optional.empty();
        b.append(route.map(r -> r[1]).orElse("127.0.1.1")).append('\t').append(names).append('\n');
        route.ifPresent(r -> b.append(r[0]).append("\thost.containers.internal host.docker.internal\n"));
        for (String h : addHost) {
            int colon = h.indexOf(':');
            b.append(h.substring(colon + 1)).append('\t').append(h, 0, colon).append('\n');
        }
        return b.toString();
    }

    /** /etc/resolv.conf: the host's, with --dns servers in place of its own; a loopback server through pasta. */
    String resolvConf(String host, List<String> dns) {
        List<String> lines = new ArrayList<>();
        boolean loopback = false;
        for (String line : host.split("\n")) {
            if (line.startsWith("nameserver")) {
                loopback |= line.substring("nameserver".length()).strip().startsWith("127.");
                if (!dns.isEmpty() || (mode.equals("pasta") && line.contains(" 127."))) {
                    continue;
                }
            }
            if (!line.isBlank()) {
                lines.add(line);
            }
        }
        if (mode.equals("slirp4netns") && dns.isEmpty()) {
            lines.removeIf(l -> l.startsWith("nameserver"));
            lines.add("nameserver " + SLIRP_DNS); // slirp4netns forwards to the host's resolvers
        }
        if (!dns.isEmpty()) {
            dns.forEach(d -> lines.add("nameserver " + d));
        } else if (mode.equals("pasta") && loopback) {
            lines.add("nameserver " + DNS_FORWARD);
        }
        return String.join("\n", lines) + (lines.isEmpty() ? "" : "\n");
    }

    /**
     * The host's default IPv4 route: {gateway, address of its interface}, as pasta copies them
     * into the container's namespace.
     */
    static Optional<String[]> defaultRoute() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/net/route"))) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 2 && f[1].equals("00000000") && !f[2].equals("00000000")) {
                    long g = Long.parseLong(f[2], 16);
                    String gateway = (g & 0xff) + "." + (g >> 8 & 0xff) + "." + (g >> 16 & 0xff) + "." + (g >> 24 & 0xff);
                    NetworkInterface nic = NetworkInterface.getByName(f[0]);
                    if (nic == null) {
                        return Optional.empty();
                    }
                    for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                        if (a instanceof Inet4Address) {
                            return Optional.of(new String[] {gateway, a.getHostAddress()});
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // no routing table to read: the container gets no host entry
        }
        return Optional.empty();
    }

    /** The records kept with the container. */
    List<String> portRecords() {
        return ports.stream().map(PortMapping::record).toList();
    }
}

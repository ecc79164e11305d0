package dev.skiff.runtime.spec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The container plan that skiff-shim executes: records of NUL-terminated strings, a keyword
 * followed by its fields (the format is documented in native-shim's plan.h). Java decides
 * every value; the shim only applies them.
 */
public final class Plan {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(4096);

    private Plan record(String keyword, String... fields) {
        put(keyword);
        for (String f : fields) {
            put(f);
        }
        return this;
    }

    private void put(String s) {
        if (s.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a plan field cannot contain NUL: " + s.replace('\0', '?'));
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
        out.write(0);
    }

    public Plan namespaces(List<String> names) {
        return record("namespaces", String.join(",", names));
    }

    /** The directory that becomes /: absolute, or relative to the overlay's directory. */
    public Plan rootfs(String path) {
        return record("rootfs", path);
    }

    /** With the "user" namespace: one line of its uid_map, OUTSIDE in skiff's ids. */
    public Plan uidMap(long inside, long outside, long count) {
        return record("uidmap", Long.toString(inside), Long.toString(outside), Long.toString(count));
    }

    /** With the "user" namespace: one line of its gid_map. */
    public Plan gidMap(long inside, long outside, long count) {
        return record("gidmap", Long.toString(inside), Long.toString(outside), Long.toString(count));
    }

    public Plan overlay(String chdir, String options) {
        return record("overlay", chdir, options);
    }

    public Plan mount(Mount m) {
        return record("mount", m.source(), m.destination(), m.type(), Long.toUnsignedString(m.flags()), m.data());
    }

    public Plan symlink(String target, String destination) {
        return record("symlink", target, destination);
    }

    public Plan mkdir(String destination, int mode) {
        return record("mkdir", destination, Integer.toOctalString(mode));
    }

    public Plan mask(String path) {
        return record("mask", path);
    }

    public Plan readonly(String path) {
        return record("readonly", path);
    }

    public Plan hostname(String name) {
        return record("hostname", name);
    }

    /** The UTS namespace's NIS domain name (`--sysctl kernel.domainname=NAME`). */
    public Plan domainname(String name) {
        return record("domainname", name);
    }

    public Plan loopback() {
        return record("loopback");
    }

    public Plan user(long uid, long gid) {
        return record("user", Long.toString(uid), Long.toString(gid));
    }

    public Plan group(long gid) {
        return record("group", Long.toString(gid));
    }

    public Plan capabilities(long bounding, long effective) {
        record("capbound", Long.toHexString(bounding));
        return record("capeff", Long.toHexString(effective));
    }

    /** `-t`: the command gets a pty of the container's own (served detached). */
    public Plan terminal() {
        return record("terminal");
    }

    /** The supervisor serves the terminal on a socket at PATH. */
    public Plan attach(String path) {
        return record("attach", path);
    }

    /** `--init`: skiff-shim's reaper is PID 1 and the command its child. */
    public Plan init() {
        return record("init");
    }

    /**
     * The container gets a cgroup leaf in the delegated scope its supervisor starts in: MOUNT is
     * the cgroup2 mount, CONTROLLERS what the scope's children get ("+memory +pids").
     */
    public Plan cgroup(String mount, String controllers) {
        return record("cgroup", mount, controllers);
    }

    /** Where the supervisor notes, before the exit, that the OOM killer struck in the container's leaf. */
    public Plan oomFile(String path) {
        return record("oomfile", path);
    }

    /** A limit for the container's cgroup leaf: FILE (memory.max, pids.max, ...) gets VALUE. */
    public Plan cgset(String file, String value) {
        return record("cgset", file, value);
    }

    /** `--read-only`: after pivot_root the root mount itself becomes read-only. */
    public Plan readonlyRoot() {
        return record("readonlyroot");
    }

    /** `--ulimit`: setrlimit(RESOURCE) before the command; SOFT and HARD are decimal, RLIM_INFINITY unsigned. */
    public Plan rlimit(int resource, String soft, String hard) {
        return record("rlimit", Integer.toString(resource), soft, hard);
    }

    /** `--sysctl`: VALUE written to /proc/sys/NAME (NAME with slashes) in the container's namespaces. */
    public Plan sysctl(String name, String value) {
        return record("sysctl", name, value);
    }

    /**
     * TCP port HOST_PORT on the host's loopback address HOST_ADDRESS (numeric), relayed by the
     * shim's forwarder to CONTAINER_PORT on the container's loopback.
     */
    public Plan forward(String hostAddress, int hostPort, int containerPort) {
        return record("forward", hostAddress, Integer.toString(hostPort), Integer.toString(containerPort));
    }

    /** One argument of the network helper's argv; "{netns}" stands for the container's network namespace. */
    public Plan netHelper(String arg) {
        return record("nethelper", arg);
    }

    /** The network helper's API socket, where each {@link #netHelperCall} goes once it is ready. */
    public Plan netHelperApi(String path) {
        return record("nethelperapi", path);
    }

    /** One request to the network helper's API (a JSON line), sent on a connection of its own. */
    public Plan netHelperCall(String request) {
        return record("nethelpercall", request);
    }

    /** Where the network helper writes its pid, once the namespace is set up. */
    public Plan netHelperPid(String path) {
        return record("nethelperpid", path);
    }

    /** The seccomp filter: a file of struct sock_filter the shim reads with the plan and installs last. */
    public Plan seccomp(String path) {
        return record("seccomp", path);
    }

    public Plan noNewPrivileges() {
        return record("nonewprivs");
    }

    public Plan cwd(String path) {
        return record("cwd", path);
    }

    public Plan env(String keyValue) {
        return record("env", keyValue);
    }

    public Plan arg(String arg) {
        return record("arg", arg);
    }

    public Plan exitFile(String path) {
        return record("exitfile", path);
    }

    /** For `exec`: the container process whose namespaces to join. */
    public Plan join(long pid) {
        return record("join", Long.toString(pid));
    }

    public Plan logFile(String path) {
        return record("logfile", path);
    }

    /** With a log file: it starts over when a line would take it past BYTES. */
    public Plan logMax(long bytes) {
        return record("logmax", Long.toString(bytes));
    }

    /** The container's stdout and stderr are the caller's own (passthrough). */
    public Plan logDirect() {
        return record("logdirect");
    }

    /** Detached, the container's output goes nowhere; in the foreground it is the caller's. */
    public Plan logNone() {
        return record("lognone");
    }

    /** Where the supervisor records its own pid. */
    public Plan shimPidFile(String path) {
        return record("shimpidfile", path);
    }

    public Plan pidFile(String path) {
        return record("pidfile", path);
    }

    /** The command the supervisor runs once the container has exited. */
    public Plan cleanup(List<String> argv) {
        argv.forEach(a -> record("cleanup", a));
        return this;
    }

    public byte[] toBytes() {
        return out.toByteArray();
    }
}

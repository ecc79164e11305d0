package dev.skiff.cli.command;

import static dev.skiff.cli.Options.flag;
import static dev.skiff.cli.Options.help;
import static dev.skiff.cli.Options.positional;
import static dev.skiff.cli.Options.repeated;
import static dev.skiff.cli.Options.value;

import dev.skiff.cli.command.registry.RunPull;
import dev.skiff.runtime.SkiffException;
import dev.skiff.runtime.cgroup.CgroupHost;
import dev.skiff.runtime.cgroup.ResourceLimits;
import dev.skiff.runtime.config.ContainersConf;
import dev.skiff.runtime.container.AttachClient;
import dev.skiff.runtime.container.LogConfig;
import dev.skiff.runtime.container.NetworkOptions;
import dev.skiff.runtime.container.RestartPolicy;
import dev.skiff.runtime.container.RunOptions;
import dev.skiff.runtime.container.SecurityOptions;
import dev.skiff.runtime.container.UsernsOptions;
import dev.skiff.runtime.container.VolumeOptions;
import dev.skiff.runtime.storage.StorePaths;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/** The options `run` and `create` share: what the container is, and how its image is pulled. */
final class ContainerSpecOptions {
    private ContainerSpecOptions() {}

    static void addTo(CommandSpec spec) {
        spec.addOption(help("--help"));
        spec.addOption(flag("Remove the container when it exits", "--rm"));
        spec.addOption(flag("Keep STDIN open and pass it to the container", "-i", "--interactive"));
        spec.addOption(flag("Give the container a pseudo-terminal (with -i, the caller's terminal in raw mode)",
                "-t", "--tty"));
        spec.addOption(value("KEYS", "Keys that detach from the container's terminal (default ctrl-p,ctrl-q; "
                + "empty: none)", "--detach-keys"));
        spec.addOption(repeated("KEY[=VALUE]", "Set an environment variable; KEY alone passes the caller's value",
                "-e", "--env"));
        spec.addOption(repeated("FILE", "Read environment variables from a file of KEY=VALUE lines", "--env-file"));
        spec.addOption(value("DIR", "Working directory inside the container", "-w", "--workdir"));
        spec.addOption(value("USER[:GROUP]", "Run as this user: a name or uid, optionally with a group name or gid",
                "-u", "--user"));
        spec.addOption(value("CMD", "Override the image's entrypoint: a command, or a JSON array of strings",
                "--entrypoint"));
        spec.addOption(value("NAME", "Container host name (default: the short id)", "-h", "--hostname"));
        spec.addOption(value("NAME", "Name the container", "--name"));
        spec.addOption(flag("Replace a container that already has the --name, removing it", "--replace"));
        spec.addOption(value("FILE", "Write the container's ID to FILE (which must not exist)", "--cidfile"));
        spec.addOption(repeated("KEY=VALUE", "Set a label on the container", "-l", "--label"));
        spec.addOption(repeated("KEY=VALUE", "Add an annotation to the container", "--annotation"));
        spec.addOption(value("POLICY", "Restart the detached container when it exits: no (default), "
                + "on-failure[:N], always or unless-stopped; `skiff stop` ends it for good", "--restart"));
        spec.addOption(OptionSpec.builder("--stop-timeout").paramLabel("SECONDS").type(Integer.class)
                .description("Seconds `skiff stop` waits for the container to exit before killing it (default 10)")
                .build());
        spec.addOption(flag("Run a tiny init as PID 1 that forwards signals to the command and reaps orphans",
                "--init"));
        spec.addOption(value("DRIVER", "Where the output goes: k8s-file (default: a log `skiff logs` reads), none or "
                + "passthrough (the caller's stdout and stderr)", "--log-driver"));
        spec.addOption(repeated("KEY=VALUE", "Log option of k8s-file: path=FILE, max-size=SIZE (the log starts over "
                + "past it)", "--log-opt"));
        spec.addOption(repeated("CAP", "Add a capability (NET_ADMIN or CAP_NET_ADMIN; ALL for every one)",
                "--cap-add"));
        spec.addOption(repeated("CAP", "Drop a capability (ALL for every one not added)", "--cap-drop"));
        spec.addOption(flag("Every capability, no masked or read-only paths in /proc and /sys", "--privileged"));
        spec.addOption(repeated("OPT", "no-new-privileges: setuid programs gain nothing; seccomp=unconfined, "
                + "label=disable and apparmor=unconfined are accepted", "--security-opt"));
        spec.addOption(flag("Mount the container's root file system read-only", "--read-only"));
        spec.addOption(OptionSpec.builder("--read-only-tmpfs").arity("0..1").fallbackValue("true").type(boolean.class)
                .defaultValue("true").paramLabel("BOOL")
                .description("With --read-only, writable tmpfs on /tmp, /var/tmp and /run (default true)").build());
        spec.addOption(repeated("GROUP", "Add a supplementary group (a gid or a group of the image)", "--group-add"));
        spec.addOption(repeated("NAME=SOFT[:HARD]", "Set a resource limit (nofile, nproc, core, stack, ...; -1 for "
                + "unlimited)", "--ulimit"));
        spec.addOption(repeated("NAME=VALUE", "Set a sysctl of the container's own namespaces (net.*, fs.mqueue.*, "
                + "kernel.shm*, kernel.msg*, kernel.sem, kernel.domainname)", "--sysctl"));
        spec.addOption(value("MODE", "Network: pasta (default when installed: the host's addresses, ports published "
                + "with -p), slirp4netns (10.0.2.100 behind NAT), none (loopback only), host, or container:NAME "
                + "(another container's)", "--network", "--net"));
        spec.addOption(repeated("[IP:][HOST_PORT:]PORT[/PROTO]", "Publish a container port (or range) on the host; "
                + "without HOST_PORT a free one is chosen", "-p", "--publish"));
        spec.addOption(flag("Publish every port the image exposes, each on a free host port", "-P", "--publish-all"));
        spec.addOption(value("POD", "Run in pod POD: its network (and published ports), IPC and host name",
                "--pod"));
        spec.addOption(repeated("IP", "Name server for the container, in place of the host's", "--dns"));
        spec.addOption(repeated("NAME:IP", "Add a line to the container's /etc/hosts", "--add-host"));
        spec.addOption(repeated("[SOURCE:]DEST[:OPTS]", "Mount a volume (a name; created when missing) or a host path "
                + "(starting with / or .) at DEST; DEST alone is a new anonymous volume. OPTS: ro, U (give the files to "
                + "the container's user), nocopy, noexec, nosuid, nodev, z, Z", "-v", "--volume"));
        spec.addOption(repeated("type=TYPE,...", "Mount: type=bind|volume|tmpfs, source=, destination=, ro, U, "
                + "tmpfs-size=, tmpfs-mode=", "--mount"));
        spec.addOption(repeated("DEST[:OPTS]", "Mount a tmpfs at DEST (default rw,noexec,nosuid,nodev; size=, mode=)",
                "--tmpfs"));
        spec.addOption(repeated("CONTAINER[:ro|rw]", "Mount the volumes and host paths another container mounts",
                "--volumes-from"));
        spec.addOption(value("MODE", "User namespace: host (default: skiff's own), keep-id (your uid and gid inside "
                + "are yours outside), auto or auto:size=N (a range of ids no other such container has)", "--userns"));
        spec.addOption(repeated("CONTAINER_ID:SKIFF_ID:COUNT", "Map container ids to ids of skiff's user namespace "
                + "(0 is you, 1 and up your subordinate ids), in a user namespace of the container's own", "--uidmap"));
        spec.addOption(repeated("CONTAINER_ID:SKIFF_ID:COUNT", "The same for group ids (default: as --uidmap)",
                "--gidmap"));
        spec.addOption(repeated("SIZE", "Memory limit (e.g. 512m, 2g)", "-m", "--memory"));
        spec.addOption(repeated("SIZE", "Memory soft limit", "--memory-reservation"));
        spec.addOption(repeated("SIZE", "Memory plus swap limit; -1 for unlimited swap", "--memory-swap"));
        spec.addOption(repeated("N", "CPUs the container may use (e.g. 1.5)", "--cpus"));
        spec.addOption(repeated("SHARES", "CPU shares, relative weight (2 to 262144)", "-c", "--cpu-shares"));
        spec.addOption(repeated("WEIGHT", "CPU weight (1 to 10000)", "--cpu-weight"));
        spec.addOption(repeated("CPUS", "CPUs the container may run on (e.g. 0-3,6)", "--cpuset-cpus"));
        spec.addOption(repeated("N", "Process limit; 0 or -1 for none", "--pids-limit"));
        spec.addOption(repeated("WEIGHT", "Block I/O weight (10 to 1000)", "--blkio-weight"));
        spec.addOption(repeated("DEVICE:RATE", "Read rate limit of a device (e.g. /dev/sda:1mb)", "--device-read-bps"));
        spec.addOption(repeated("DEVICE:RATE", "Write rate limit of a device", "--device-write-bps"));
        spec.addOption(value("MODE", "enabled (default), or disabled: no cgroup, and limits only warned about",
                "--cgroups"));
        spec.addOption(value("POLICY", "Pull the image: missing (default), always, never or newer", "--pull"));
        spec.addOption(OptionSpec.builder("--tls-verify").arity("0..1").fallbackValue("true").type(String.class)
                .paramLabel("BOOL").description("Require HTTPS and verified certificates when pulling").build());
        spec.addOption(value("USER:PASS", "Credentials for the registry when pulling", "--creds"));
        spec.addOption(value("FILE", "Path of the authentication file when pulling", "--authfile"));
        spec.addPositional(positional("0", "IMAGE", "Image name or id"));
        spec.addPositional(positional("1..*", "COMMAND", "Command and arguments (default: the image's)"));
    }

    /**
     * The parsed options; DETACH is `run -d` (a created container starts detached later), SCOPE
     * what {@link #prepare} returned.
     */
    static RunOptions read(ParseResult pr, boolean detach, List<String> scope) {
        List<String> envFiles = pr.matchedOptionValue("--env-file", List.of());
        return new RunOptions(pr.matchedPositionalValue(0, null), pr.matchedPositionalValue(1, List.of()),
                Optional.ofNullable(pr.matchedOptionValue("--entrypoint", null)),
                pr.matchedOptionValue("--env", List.of()),
                envFiles.stream().map(Path::of).toList(),
                Optional.ofNullable(pr.matchedOptionValue("--workdir", null)),
                Optional.ofNullable(pr.matchedOptionValue("--user", null)),
                Optional.ofNullable(pr.matchedOptionValue("--hostname", null)),
                Optional.ofNullable(pr.matchedOptionValue("--name", null)),
                pr.matchedOptionValue("--interactive", false),
                pr.matchedOptionValue("--rm", false),
                detach,
                pr.matchedOptionValue("--replace", false),
                Optional.ofNullable(pr.<String>matchedOptionValue("--cidfile", null)).map(Path::of),
                pr.matchedOptionValue("--label", List.of()),
                pr.matchedOptionValue("--annotation", List.of()),
                restart(pr),
                stopTimeout(pr),
                LogConfig.parse(pr.matchedOptionValue("--log-driver", null), pr.matchedOptionValue("--log-opt", List.of())),
                pr.matchedOptionValue("--init", false),
                tty(pr),
                pr.matchedOptionValue("--detach-keys", null),
                new SecurityOptions(pr.matchedOptionValue("--cap-add", List.of()),
                        pr.matchedOptionValue("--cap-drop", List.of()),
                        pr.matchedOptionValue("--privileged", false),
                        pr.matchedOptionValue("--security-opt", List.of()),
                        pr.matchedOptionValue("--read-only", false),
                        pr.matchedOptionValue("--read-only-tmpfs", true),
                        pr.matchedOptionValue("--group-add", List.of()),
                        pr.matchedOptionValue("--ulimit", List.of()),
                        pr.matchedOptionValue("--sysctl", List.of())),
                new UsernsOptions(pr.matchedOptionValue("--userns", ""), pr.matchedOptionValue("--uidmap", List.of()),
                        pr.matchedOptionValue("--gidmap", List.of())),
                new VolumeOptions(pr.matchedOptionValue("--volume", List.of()), pr.matchedOptionValue("--mount", List.of()),
                        pr.matchedOptionValue("--tmpfs", List.of()), pr.matchedOptionValue("--volumes-from", List.of())),
                new NetworkOptions(network(pr), pr.matchedOptionValue("--publish", List.of()),
                        pr.matchedOptionValue("--publish-all", false), pr.matchedOptionValue("--dns", List.of()),
                        pr.matchedOptionValue("--add-host", List.of())),
                Optional.ofNullable(pr.matchedOptionValue("--pod", null)),
                scope);
    }

    /** --network, else containers.conf's [containers] netns ("private" and "bridge": the default). */
    private static String network(ParseResult pr) {
        String given = pr.matchedOptionValue("--network", null);
        if (given != null || pr.matchedOptionValue("--pod", null) != null) {
            return given == null ? "" : given; // a pod's container has the pod's
        }
        return ContainersConf.load(System.getenv()).defaultNetwork();
    }

    private static RestartPolicy restart(ParseResult pr) {
        RestartPolicy policy = RestartPolicy.parse(pr.matchedOptionValue("--restart", null));
        if (policy != RestartPolicy.NO && pr.matchedOptionValue("--rm", false)) {
            throw new SkiffException("the --rm option conflicts with --restart " + policy
                    + ": a container removed when it exits cannot be restarted");
        }
        return policy;
    }

    private static boolean tty(ParseResult pr) {
        boolean tty = pr.matchedOptionValue("--tty", false);
        if (tty && "passthrough".equals(pr.matchedOptionValue("--log-driver", null))) {
            throw new SkiffException("--tty cannot be used with --log-driver passthrough: a terminal is served by "
                    + "skiff's supervisor");
        }
        if (pr.matchedOptionValue("--detach-keys", null) != null) {
            AttachClient.parseDetachKeys(pr.matchedOptionValue("--detach-keys", null));
        }
        return tty;
    }

    private static int stopTimeout(ParseResult pr) {
        Integer seconds = pr.matchedOptionValue("--stop-timeout", null);
        if (seconds != null && seconds < 0) {
            throw new SkiffException("--stop-timeout " + seconds + ": must be 0 or more seconds");
        }
        return seconds == null ? RunOptions.DEFAULT_STOP_TIMEOUT : seconds;
    }

    /**
     * What comes before the container: resource limits checked against the host's cgroups (a
     * limit that cannot hold stops the run, unless cgroups are disabled or best-effort), then
     * the image pulled when --pull asks for it (by default only when it is missing). Returns
     * the properties of the systemd scope that holds the limits, empty for none.
     */
    static List<String> prepare(ParseResult pr, StorePaths paths, PrintWriter err) {
        Map<String, List<String>> limits = new LinkedHashMap<>();
        for (String flag : ResourceLimits.flags()) {
            limits.put(flag, pr.matchedOptionValue(flag, List.of()));
        }
        ResourceLimits given = new ResourceLimits(limits);
        String cgroups = pr.matchedOptionValue("--cgroups", null);
        List<String> scope = given.isEmpty() && cgroups == null && !CgroupHost.mayHaveScopes() ? List.of()
                : given.check(CgroupHost.probe(), cgroups, ContainersConf.load(System.getenv()), err);
        RunPull.apply(paths, pr.matchedPositionalValue(0, null), pr.matchedOptionValue("--pull", null),
                pr.matchedOptionValue("--tls-verify", null), pr.matchedOptionValue("--creds", null),
                pr.matchedOptionValue("--authfile", null), err);
        return scope;
    }
}

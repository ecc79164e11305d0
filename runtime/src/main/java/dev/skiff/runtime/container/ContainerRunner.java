package dev.skiff.runtime.container;

import dev.skiff.runtime.SkiffException;
import dev.skiff.runtime.image.ImageStore;
import dev.skiff.runtime.image.RunConfig;
import dev.skiff.runtime.image.StoredImage;
import dev.skiff.runtime.spec.Capabilities;
import dev.skiff.runtime.spec.Plan;
import dev.skiff.runtime.storage.StorePaths;
import dev.skiff.runtime.sys.Handoff;
import dev.skiff.shim.ShimBinary;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;

/** Creates containers from images and starts them under their own skiff-shim, in the foreground or detached. */
public final class ContainerRunner {
    private static final List<String> NAMESPACES = List.of("pid", "mnt", "uts", "ipc", "net", "cgroup");

    /**
     * The container's namespaces: its own user namespace first when it has one, its own network
     * namespace unless it shares the host's or another container's.
     */
    static List<String> namespaces(ContainerDir dir) {
        List<String> all = new ArrayList<>();
        if (dir.userns().isPresent()) {
            all.add("user");
        }
        boolean ownNetwork = dir.network().ownNamespace();
        List<String> joined = dir.joinedNamespaces();
        NAMESPACES.stream().filter(n -> (ownNetwork || !n.equals("net")) && !joined.contains(n)).forEach(all::add);
        return all;
    }
    private static final String PLAN = "plan";

    private final StorePaths paths;
    private final ImageStore images;

    public ContainerRunner(StorePaths paths, ImageStore images) {
        this.paths = paths;
        this.images = images;
    }

    /**
     * Runs the container: in the foreground to completion, returning its exit code; or detached,
     * returning once it runs (its id is then printed on OUT).
     */
    public int run(RunOptions o, PrintStream out) {
        ContainerDir dir = create(o);
        try {
            startPodInfra(dir);
            if (o.tty() && !o.detach()) {
                // a detached supervisor serves the terminal; it starts the container once this command attached
                return startAttached(dir, o.interactive(), o.detachKeys(), out, System.err);
            }
            if (o.detach()) {
                return startLast(dir, dir.id(), out::println);
            }
            dir.markStarted();
            int code = supervise(dir, o.interactive(), false);
            dir.saveExit(code);
            if (o.remove()) {
                dir.delete();
                ContainerVolumes.removeAnonymous(paths, dir);
            }
            return code;
        } catch (RuntimeException e) {
            throw deleteAfterFailure(dir, e);
        }
    }

    /** Creates the container and its plan without starting it (`skiff create`). */
    public ContainerDir create(RunOptions o) {
        StoredImage image = images.resolve(o.image())
                .orElseThrow(() -> new SkiffException(o.image() + ": image not known"));
        RunConfig config = images.runConfig(image);
        List<String> argv = Entrypoint.argv(config.entrypoint(), config.cmd(), o.entrypoint(), o.command());
        if (argv.isEmpty()) {
            throw new SkiffException("no command or entrypoint specified for image " + o.image()
                    + ": give a command after the image");
        }
        List<Path> layersTopFirst = new ArrayList<>();
        for (String chainId : config.layerChainIds().reversed()) {
            layersTopFirst.add(images.layerDir(chainId));
        }
        if (layersTopFirst.isEmpty()) {
            layersTopFirst.add(emptyLayer()); // overlay needs a lower directory; a build's FROM scratch has none
        }
        ImageUser.Identity identity = new ImageUser(layersTopFirst)
                .resolve(o.user().orElse(o.userns().keepId() ? keptIds() : config.user()));
        checkMapped(identity, o.userns());
        String workdir = o.workdir().orElse(config.workingDir() == null || config.workingDir().isEmpty()
                ? "/" : config.workingDir());
        checkWorkdir(workdir);
        if (o.cidFile().isPresent() && Files.exists(o.cidFile().get())) {
            throw new SkiffException("--cidfile " + o.cidFile().get() + ": the file exists; remove it or choose another");
        }
        Optional<Pod> pod = o.pod().map(p -> new Pods(paths, images).find(p));
        ContainerNetwork network = pod.isPresent() ? ContainerNetwork.inPod(o.network(), pod.get())
                : ContainerNetwork.resolve(o.network(), config, new Containers(paths));
        if (o.replace() && o.name().isPresent()) {
            Containers containers = new Containers(paths);
            containers.list().stream().filter(c -> c.name().equals(o.name().get()))
                    .forEach(c -> containers.remove(c, true));
        }
        ContainerDir dir = ContainerDir.create(paths, o.name(), image, o.remove());
        try {
            dir.recordCgroupScope(o.cgroupScope());
            dir.recordNetwork(network);
            pod.ifPresent(p -> dir.recordPod(p.id(), p.infraId(), Pod.SHARED));
            dir.recordMounts(ContainerVolumes.resolve(paths, o.volumes(), config));
            if (o.userns().ownNamespace()) {
                layersTopFirst = ownUserNamespace(dir, o.userns(), layersTopFirst);
            }
            writePlan(dir, o, config, layersTopFirst, identity, workdir, argv);
            dir.recordEntrypoint(Entrypoint.effective(config.entrypoint(), o.entrypoint()));
            dir.saveCreated(argv, config.stopSignal(), labels("--label", o.labels()), labels("--annotation", o.annotations()),
                    o.restart(), o.stopTimeout());
            if (o.cidFile().isPresent()) {
                Files.writeString(o.cidFile().get(), dir.id());
            }
            return dir;
        } catch (IOException e) {
            throw deleteAfterFailure(dir, new SkiffException("--cidfile " + o.cidFile().orElseThrow() + ": "
                    + e.getMessage(), e));
        } catch (RuntimeException e) {
            throw deleteAfterFailure(dir, e);
        }
    }

    /** An empty directory that stands for the layers of an image without any. */
    private Path emptyLayer() {
        Path dir = paths.root().resolve("empty-layer");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new SkiffException("create " + dir + ": " + e.getMessage(), e);
        }
        return dir;
    }

    /** /etc/hosts of a container in another's network namespace: that one's, and its own name. */
    private static String joinedHosts(ContainerDir dir, String joinedId) {
        try {
            Optional<ContainerDir> other = dir.sibling(joinedId);
            if (other.isPresent()) {
                return Files.readString(other.get().userdata().resolve("hosts")) + "127.0.0.1\t" + dir.name() + "\n";
            }
        } catch (IOException e) {
            // gone meanwhile: the least a container needs
        }
        return "127.0.0.1\tlocalhost\n127.0.0.1\t" + dir.name() + "\n";
    }

    /**
     * Refuses a user or group the user namespace cannot hold (skiff's, for a container without
     * its own), before anything is made: the shim's setresuid would fail later with less to say.
     */
    private static void checkMapped(ImageUser.Identity identity, UsernsOptions userns) {
        if (userns.ownNamespace()) {
            return; // its map is chosen later, and checked then
        }
        IdMap self;
        try {
            self = IdMap.ofSelf();
        } catch (IOException e) {
            return;
        }
        long uids = self.uidCount();
        long gids = self.gidCount();
        if (identity.uid() >= uids || identity.gid() >= gids) {
            throw new SkiffException("user " + identity.uid() + ":" + identity.gid() + " is beyond the ids skiff's user "
                    + "namespace maps (uids 0-" + (uids - 1) + ", gids 0-" + (gids - 1) + "): give --user an id "
                    + "inside them, or add subordinate ids in /etc/subuid and /etc/subgid");
        }
    }

    /** A pod's container starts its pod's infra container first when that does not run. */
    private void startPodInfra(ContainerDir dir) {
        String infra = dir.joinedContainer();
        if (infra.isEmpty()) {
            return;
        }
        Optional<ContainerDir> c = dir.sibling(infra);
        if (c.isPresent() && !c.get().running()) {
            int code = start(c.get());
            if (code != 0) {
                throw new SkiffException("the infra container of container " + dir.name() + "'s pod did not start",
                        code, null);
            }
        }
    }

    /** `--userns=keep-id` without --user: the user's own uid and gid, which skiff's 0 maps to. */
    private static String keptIds() {
        try {
            IdMap self = IdMap.ofSelf();
            return self.uid(0) + ":" + self.gid(0);
        } catch (IOException e) {
            throw new SkiffException("--userns=keep-id: read skiff's user namespace: " + e.getMessage(), e);
        }
    }

    /**
     * A user namespace of the container's own: its maps chosen under the store lock (auto
     * ranges must not overlap), then the image's layers copied with their owners shifted to
     * match; returns the copies, top first.
     */
    private List<Path> ownUserNamespace(ContainerDir dir, UsernsOptions userns, List<Path> layersTopFirst) {
        long needed = userns.auto() ? ShiftedLayers.idsUsed(layersTopFirst) : 0;
        IdMap map;
        try (dev.skiff.runtime.storage.StoreLock lock = dev.skiff.runtime.storage.StoreLock.acquire(paths)) {
            List<IdMap> taken = new ArrayList<>();
            if (userns.auto()) {
                for (ContainerDir other : new Containers(paths).list()) {
                    if (!other.id().equals(dir.id()) && other.autoUserns()) {
                        other.userns().ifPresent(taken::add);
                    }
                }
            }
            map = userns.resolve(IdMap.ofSelf(), taken, needed);
            dir.recordUserns(map, userns.keepId() ? "keep-id" : userns.auto() ? "auto" : "private", userns.auto());
        } catch (IOException e) {
            throw new SkiffException("choose the ids of container " + dir.name() + ": " + e.getMessage(), e);
        }
        return ShiftedLayers.copy(layersTopFirst, map, dir.shiftedLayers());
    }

    /**
     * Starts a created or exited container under a detached supervisor; returns once it runs,
     * with 0, or with the exit code of a failed start (the supervisor printed why).
     */
    public int start(ContainerDir dir) {
        if (dir.running()) {
            return 0;
        }
        startPodInfra(dir);
        dir.clearRun();
        dir.markStarted();
        return superviseDetached(dir);
    }

    /**
     * `start -a` and `run -t` in the foreground: starts the container and stays with it until it exits, returning its exit code.
     * A container with a terminal is attached to (STDIN passes keystrokes; 0 after a detach);
     * the output of one without is followed in its log, written to OUT and ERR.
     */
    public int startAttached(ContainerDir dir, boolean stdin, String detachKeys, PrintStream out, PrintStream err) {
        if (dir.running()) {
            throw new SkiffException("container " + dir.name() + " is running already: use skiff attach or skiff logs -f");
        }
        if (!dir.tty()) {
            if (stdin) {
                throw new SkiffException("start -i passes keystrokes to containers made with -t; " + dir.name()
                        + " has no terminal");
            }
            ContainerLog log = new ContainerLog(dir.readableLog(), false, null, null);
            long from = log.size();
            int started = start(dir);
            if (started != 0) {
                return started;
            }
            try {
                log.follow(out, err, from, dir);
            } catch (IOException e) {
                throw new SkiffException("follow the log of container " + dir.name() + ": " + e.getMessage(), e);
            }
            return new Containers(paths).await(dir);
        }
        byte[] keys = AttachClient.parseDetachKeys(detachKeys);
        dir.clearRun();
        dir.markStarted();
        Process shim = startSupervisor(dir, true);
        try (AttachClient client = AttachClient.connect(AttachClient.socketOf(dir), 30_000, shim)) {
            client.sendInitialSize(); // the supervisor starts the container at this size
            int started = waitFor(shim, dir);
            if (started != 0) {
                return started;
            }
            return client.run(stdin, keys).orElse(0);
        }
    }

    /**
     * {@link #start} as a command's last step, which prints ANNOUNCE (through PRINT) once the
     * container runs. When the launcher offers its {@link Handoff}, the detached supervisor
     * finishes the command in the JVM's place: it prints ANNOUNCE itself, or why the container
     * did not start, and exits with that code.
     */
    public int startLast(ContainerDir dir, String announce, Consumer<String> print) {
        if (!dir.running()) {
            startPodInfra(dir);
            if (handOffStart(dir, announce)) {
                return 0;
            }
        }
        int code = start(dir);
        if (code == 0) {
            print.accept(announce);
        }
        return code;
    }

    /** Hands the start of DIR to the launcher; false when it offers no handoff (or it failed). */
    private boolean handOffStart(ContainerDir dir, String announce) {
        if (!Handoff.available()) {
            return false;
        }
        List<String> argv = detachedSupervisorArgv(dir, List.of("--announce", announce));
        dir.clearRun();
        dir.markStarted();
        try {
            Handoff.exec(argv);
            return true;
        } catch (IOException e) {
            return false; // the launcher waits for this JVM, which starts the container itself
        }
    }

    /** Starts the supervisor of a container its restart policy brings back (see {@link Containers#cleanup}). */
    public int restart(ContainerDir dir) {
        return superviseDetached(dir);
    }

    private int superviseDetached(ContainerDir dir) {
        return waitFor(startSupervisor(dir, false), dir);
    }

    /**
     * The supervisor's command line: SHIM_ARGV, inside a transient systemd scope of the user's
     * manager, delegated to the user, when the container has a cgroup (systemd-run --scope execs
     * it in place, so the process and its exit are the shim's own). The supervisor makes the
     * container's leaf there with its limits (the plan's cgroup records).
     */
    static List<String> supervisorArgv(ContainerDir dir, List<String> given) {
        List<String> shimArgv = withJoinedNamespaces(dir, given);
        List<String> scope = dir.cgroupScope();
        if (scope.isEmpty()) {
            return shimArgv;
        }
        java.nio.file.Path systemdRun = dev.skiff.runtime.cgroup.CgroupHost.systemdRun();
        if (systemdRun == null) {
            throw new SkiffException("container " + dir.name() + " has resource limits, which need systemd-run; "
                    + "it is not installed");
        }
        List<String> argv = new ArrayList<>(List.of(systemdRun.toString(), "--user", "--scope", "--quiet", "--collect",
                "--unit=skiff-" + dir.id().substring(0, 12) + "-" + Long.toHexString(System.nanoTime() & 0xffffff),
                "-p", "Delegate=yes",
                // the kernel's OOM killer takes the container's biggest process; systemd's default
                // would then stop the whole scope, the supervisor with it, and the exit were lost
                "-p", "OOMPolicy=continue", "--"));
        argv.addAll(shimArgv);
        return argv;
    }

    /**
     * For `--network container:ID` and pods: the supervisor joins that container's network
     * namespace (and a pod's infra container's IPC and UTS namespaces) before it makes the new
     * one's (`supervise --join KIND=PATH`), found now, as it runs.
     */
    private static List<String> withJoinedNamespaces(ContainerDir dir, List<String> shimArgv) {
        List<String> joins = new ArrayList<>();
        dir.network().joined().ifPresent(id -> joins.add("net=" + namespaceOf(dir, id, "net")));
        for (String kind : dir.joinedNamespaces()) {
            joins.add(kind + "=" + namespaceOf(dir, dir.joinedContainer(), kind));
        }
        if (joins.isEmpty()) {
            return shimArgv;
        }
        List<String> argv = new ArrayList<>(shimArgv.subList(0, 2));
        joins.forEach(j -> argv.addAll(List.of("--join", j)));
        argv.addAll(shimArgv.subList(2, shimArgv.size()));
        return argv;
    }

    /** /proc/PID/ns/KIND of container ID's init, which must run. */
    private static String namespaceOf(ContainerDir dir, String id, String kind) {
        ContainerDir other = dir.sibling(id).orElse(null);
        if (other == null) {
            throw new SkiffException("container " + dir.name() + " shares the namespaces of container "
                    + id.substring(0, 12) + ", which no longer exists: remove " + dir.name());
        }
        OptionalLong pid = other.pid();
        if (!other.running() || pid.isEmpty()) {
            throw new SkiffException("container " + dir.name() + " shares the namespaces of container " + other.name()
                    + ", which is not running: start " + other.name() + " first");
        }
        return "/proc/" + pid.getAsLong() + "/ns/" + kind;
    }

    /** A detached supervisor; with WAIT_ATTACH it starts the container once a client attached. */
    private static Process startSupervisor(ContainerDir dir, boolean waitAttach) {
        ProcessBuilder pb = new ProcessBuilder(detachedSupervisorArgv(dir,
                waitAttach ? List.of("--wait-attach") : List.of()));
        pb.redirectOutput(ProcessBuilder.Redirect.INHERIT);
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        try {
            return pb.start();
        } catch (IOException e) {
            throw new SkiffException("start skiff-shim: " + e.getMessage(), e);
        }
    }

    /** `skiff-shim supervise --detach OPTIONS... PLAN` of DIR, as {@link #supervisorArgv} runs it. */
    private static List<String> detachedSupervisorArgv(ContainerDir dir, List<String> options) {
        List<String> argv = new ArrayList<>(List.of(ShimBinary.path().toString(), "supervise", "--detach"));
        argv.addAll(options);
        argv.add(dir.userdata().resolve(PLAN).toString());
        return supervisorArgv(dir, argv);
    }

    /** The detached supervisor's word on the start: 0, or the exit code of a failed start (it printed why). */
    private static int waitFor(Process shim, ContainerDir dir) {
        try {
            return shim.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SkiffException("interrupted while container " + dir.name() + " started", e);
        }
    }

    private Path writePlan(ContainerDir dir, RunOptions o, RunConfig config, List<Path> layersTopFirst,
                           ImageUser.Identity identity, String workdir, List<String> argv) {
        String hostname = o.hostname().orElse(dir.id().substring(0, 12));
        List<String> env = new ArrayList<>(EnvBuilder.build(config.env(), o.envFiles(), o.env(), hostname,
                identity.home()));
        if (o.tty() && env.stream().noneMatch(e -> e.startsWith("TERM="))) {
            env.add("TERM=xterm"); // as podman: programs on a terminal want to know its kind
        }
        dir.describeProcess(env, identity, workdir, layersTopFirst);
        ContainerNetwork network = dir.network();
        dir.writeUserdata("hostname", hostname + "\n");
        dir.writeUserdata("hosts", network.joined().map(id -> joinedHosts(dir, id))
                .orElseGet(() -> network.hosts(hostname, dir.name(), o.network().addHost())));
        String resolvConf = network.resolvConf(hostResolvConf(), o.network().dns());
        dir.writeUserdata("resolv.conf", resolvConf);

        Optional<IdMap> userns = dir.userns();
        Plan plan = new Plan();
        plan.namespaces(namespaces(dir));
        userns.ifPresent(m -> {
            m.uidRanges().forEach(r -> plan.uidMap(r.inside(), r.outside(), r.count()));
            m.gidRanges().forEach(r -> plan.gidMap(r.inside(), r.outside(), r.count()));
        });
        // the root of the container's own user namespace cannot walk the way to its directory: paths are relative to it
        Path base = dir.overlayBase(paths.layers());
        plan.rootfs(userns.isPresent() ? base.relativize(dir.rootfs()).toString() : dir.rootfs().toString())
                .overlay(base.toString(), dir.overlayOptions(paths.layers()));
        ContainerFilesystem.addStandardMounts(plan, userns.isPresent() ? base.relativize(dir.userdata()).toString()
                : dir.userdata().toString(), userns.map(m -> m.gid(5) >= 0).orElse(IdMap.gidMapped(5)),
                network.ownNamespace());
        ContainerVolumes.apply(plan, dir, dir.mounts(), paths, identity, userns);
        plan.mkdir(workdir, 0755);
        if (!dir.joinedNamespaces().contains("uts")) {
            plan.hostname(hostname); // in a pod, the UTS namespace and its name are the pod's
        }
        if (network.ownNamespace()) {
            plan.loopback();
        }
        plan.user(identity.uid(), identity.gid());
        identity.groups().forEach(plan::group);
        o.security().apply(plan, new ImageUser(layersTopFirst), identity);
        if (!o.cgroupScope().isEmpty()) {
            java.nio.file.Path unified = dev.skiff.runtime.cgroup.CgroupHost.unifiedMount();
            plan.cgroup(unified.toString(), String.join(" ", o.cgroupScope().stream().filter(e -> e.startsWith("+")).toList()))
                    .oomFile(dir.userdata().resolve(ContainerDir.OOM_KILLED).toString());
            o.cgroupScope().stream().filter(e -> !e.startsWith("+")).forEach(e -> {
                int eq = e.indexOf('=');
                plan.cgset(e.substring(0, eq), e.substring(eq + 1));
            });
        }
        long caps = o.security().capabilities();
        o.security().seccompProgram(caps, paths.root().resolve("seccomp")).ifPresent(bpf ->
                plan.seccomp(dir.writeUserdata(ContainerDir.SECCOMP_FILTER, bpf).toString()));
        dir.recordSecurity(caps, o.security().noNewPrivileges());
        network.addHelper(plan, dir.userdata(), paths.runDir(), dir.id(), resolvConf);
        plan.cwd(workdir)
                .exitFile(dir.userdata().resolve("exit").toString())
                .pidFile(dir.userdata().resolve("pidfile").toString())
                .shimPidFile(dir.userdata().resolve(ContainerDir.SUPERVISOR_PID).toString());
        dir.recordLog(o.log());
        switch (o.log().driver()) {
            case "none" -> plan.logNone();
            case "passthrough" -> plan.logDirect();
            default -> {
                plan.logFile(dir.log().toString());
                if (o.log().maxSize() > 0) {
                    plan.logMax(o.log().maxSize());
                }
            }
        }
        String launcher = System.getProperty("skiff.launcher");
        if (launcher != null) {
            plan.cleanup(List.of(launcher, "container", "cleanup", dir.id()));
        }
        if (o.init()) {
            plan.init();
        }
        if (o.tty()) {
            plan.terminal().attach(AttachClient.socketOf(dir).toString());
        }
        dir.recordTty(o.tty());
        dir.recordInit(o.init());
        env.forEach(plan::env);
        argv.forEach(plan::arg);
        return dir.writeUserdata(PLAN, plan.toBytes());
    }

    /**
     * Refuses a working directory that is relative, or under /proc, whose fd and cwd links
     * lead to directories outside the container (CVE-2024-21626).
     */
    static void checkWorkdir(String workdir) {
        if (!workdir.startsWith("/")) {
            throw new SkiffException("workdir `" + workdir + "`: must be an absolute path");
        }
        String clean = java.nio.file.Path.of(workdir).normalize().toString();
        if (clean.equals("/proc") || clean.startsWith("/proc/")) {
            throw new SkiffException("workdir `" + workdir + "`: a directory under /proc can lead outside the "
                    + "container; choose another");
        }
    }

    /**
     * Removes a container whose creation or run failed, with the anonymous volumes made for it; a
     * failure to remove is kept with the cause.
     */
    private RuntimeException deleteAfterFailure(ContainerDir dir, RuntimeException cause) {
        try {
            dir.delete();
            ContainerVolumes.removeAnonymous(paths, dir);
        } catch (RuntimeException cleanup) {
            cause.addSuppressed(cleanup);
        }
        return cause;
    }

    /** KEY=VALUE flags, each checked; a bare KEY means an empty value, as podman takes it. */
    private static List<String> labels(String flag, List<String> values) {
        for (String kv : values) {
            if (kv.isEmpty() || kv.startsWith("=")) {
                throw new SkiffException(flag + " `" + kv + "`: give KEY=VALUE");
            }
        }
        return values.stream().map(kv -> kv.contains("=") ? kv : kv + "=").toList();
    }

    private static String hostResolvConf() {
        try {
            return Files.readString(Path.of("/etc/resolv.conf"));
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * Runs the created container DIR in the foreground to its end, with its output on skiff's, or
     * discarded when QUIET; returns its exit code (a build's RUN step).
     */
    public int runToEnd(ContainerDir dir, boolean quiet) {
        dir.markStarted();
        int code = supervise(dir, false, quiet);
        dir.saveExit(code);
        return code;
    }

    /** Starts skiff-shim on the plan and waits; signals sent to skiff go to the container. */
    private static int supervise(ContainerDir dir, boolean interactive, boolean quiet) {
        ProcessBuilder pb = new ProcessBuilder(supervisorArgv(dir, List.of(ShimBinary.path().toString(), "supervise",
                dir.userdata().resolve(PLAN).toString())));
        ProcessBuilder.Redirect out = quiet ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.INHERIT;
        pb.redirectOutput(out);
        pb.redirectError(out);
        pb.redirectInput(interactive ? ProcessBuilder.Redirect.INHERIT : ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process shim;
        try {
            shim = pb.start();
        } catch (IOException e) {
            throw new SkiffException("start skiff-shim: " + e.getMessage(), e);
        }
        return SignalProxy.waitInForeground(shim);
    }
}

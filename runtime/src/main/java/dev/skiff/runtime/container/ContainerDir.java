package dev.skiff.runtime.container;

import dev.skiff.runtime.SkiffException;
import dev.skiff.runtime.image.StoredImage;
import dev.skiff.runtime.storage.ContainerStates;
import dev.skiff.runtime.storage.AtomicFiles;
import dev.skiff.runtime.storage.FieldFile;
import dev.skiff.runtime.storage.FileTrees;
import dev.skiff.runtime.storage.StoreLock;
import dev.skiff.runtime.storage.StorePaths;
import dev.skiff.runtime.storage.TempPaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A container's directory in the store: `upper/` and `work/` for overlay, `merged/` where the
 * rootfs is mounted (only inside the container's mount namespace), `userdata/` for the files
 * skiff and its supervisor write (plan, log, pid, exit status), and `state` (a {@link FieldFile})
 * for what the container is.
 */
public final class ContainerDir {
    private static final int OVERLAY_OPTIONS_MAX = 4095; // one page, with its NUL
    static final String SECCOMP_FILTER = "seccomp.bpf";
    static final String OOM_KILLED = "oom-killed";
    /** How a container ended, as its supervisor recorded it. */
    public record Exit(int code, Instant at) {}

    /** Where the supervisor records its own pid. */
    static final String SUPERVISOR_PID = "supervisor.pid";
    private static final String EXIT_REASON = "exit-reason";
    private static final String REBOOTED = "the host restarted while the container ran";
    private static volatile String bootId;

    private final Path root;
    private final FieldFile state;

    private ContainerDir(Path root, FieldFile state) {
        this.root = root;
        this.state = state;
    }

    /**
     * Creates the directory of a new container, holding the store's lock while its name is claimed.
     * It is made in the store's tmp/ and renamed into place with its state: a kill leaves either
     * a whole container or nothing that `ps` cannot see.
     */
    static ContainerDir create(StorePaths paths, Optional<String> requestedName, StoredImage image, boolean autoRemove) {
        String id = ContainerIds.newId();
        String name = requestedName.map(ContainerIds::checkName).orElse(ContainerIds.generatedName(id));
        Path containers = paths.containers();
        try {
            Files.createDirectories(containers);
            try (StoreLock lock = StoreLock.acquire(paths)) {
                if (nameTaken(paths, name)) {
                    if (requestedName.isPresent()) {
                        throw new SkiffException("the container name \"" + name + "\" is already in use; "
                                + "remove that container or choose another name");
                    }
                    name = name + "_" + id.substring(0, 6);
                }
                Path root = containers.resolve(id);
                Files.createDirectories(paths.tmp());
                Path staging = TempPaths.directory(paths.tmp(), StorePaths.TRASH_PREFIX);
                Path made = staging.resolve(id);
                Files.createDirectory(made);
                for (String sub : List.of("upper", "work", "merged", "userdata")) {
                    Files.createDirectory(made.resolve(sub));
                }
                FieldFile state = FieldFile.create()
                        .put("id", id)
                        .put("name", name)
                        .put("image", image.names().isEmpty() ? image.id() : image.names().getFirst())
                        .put("imageId", image.id())
                        .put("created", Instant.now().toString())
                        .put("autoRemove", Boolean.toString(autoRemove))
                        .put("status", "created");
                state.writeTo(made.resolve(ContainerStates.FILE));
                AtomicFiles.rename(made, root);
                Files.delete(staging);
                return new ContainerDir(root, state);
            }
        } catch (IOException e) {
            throw new SkiffException("create container in " + containers + ": " + e.getMessage(), e);
        }
    }

    /** The container stored in DIR; empty when it is gone (removed meanwhile). */
    static Optional<ContainerDir> load(Path dir) throws IOException {
        try {
            return Optional.of(new ContainerDir(dir, FieldFile.read(dir.resolve(ContainerStates.FILE))));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    private static boolean nameTaken(StorePaths paths, String name) throws IOException {
        for (FieldFile state : ContainerStates.all(paths)) {
            if (name.equals(state.get("name"))) {
                return true;
            }
        }
        return false;
    }

    public String id() {
        return state.get("id");
    }

    public String name() {
        return state.get("name");
    }

    public String image() {
        return state.get("image");
    }

    /** `--label` values as KEY=VALUE, in the order given. */
    public List<String> labels() {
        return state.list("labels");
    }

    /** `--annotation` values as KEY=VALUE, in the order given. */
    public List<String> annotations() {
        return state.list("annotations");
    }

    public String imageId() {
        return state.get("imageId");
    }

    public List<String> command() {
        return state.list("command");
    }

    public Instant created() {
        return Instant.parse(state.get("created"));
    }

    boolean autoRemove() {
        return Boolean.parseBoolean(state.get("autoRemove"));
    }

    /** The recorded status: created, running or exited. */
    String recordedStatus() {
        return state.get("status");
    }

    /** The container's init process, once its supervisor has started it (in this boot of the host). */
    public OptionalLong pid() {
        if (startedInAnEarlierBoot()) {
            return OptionalLong.empty(); // a pid of before the restart names some other process now
        }
        return readPid("pidfile");
    }

    private boolean startedInAnEarlierBoot() {
        String boot = state.get("bootId");
        return !boot.isEmpty() && !boot.equals(bootId());
    }

    /**
     * How the container ended: as its supervisor recorded it; or, when the supervisor is gone
     * without recording it (killed, or the host restarted), as skiff then finds it, recorded now
     * with the reason ({@link #exitReason()}).
     */
    public Optional<Exit> exit() {
        Optional<Exit> recorded = recordedExit();
        if (recorded.isPresent() || !"running".equals(recordedStatus())) {
            return recorded;
        }
        Optional<String> lost = lostReason();
        if (lost.isEmpty()) {
            return Optional.empty();
        }
        // the init dies with its supervisor (SIGKILL); after a restart nothing is known
        int code = lost.get().equals(REBOOTED) ? -1 : 128 + Signals.SIGKILL;
        Instant now = Instant.now();
        try {
            AtomicFiles.write(userdata().resolve("exit"), String.format("%d %d.%09d%n", code, now.getEpochSecond(),
                    now.getNano()).getBytes(StandardCharsets.UTF_8));
            Files.writeString(userdata().resolve(EXIT_REASON), lost.get());
        } catch (IOException e) {
            // shown as found, recorded by the next command that looks
        }
        return Optional.of(new Exit(code, now));
    }

    /** Why skiff recorded the exit itself, when the supervisor could not; empty otherwise. */
    public String exitReason() {
        try {
            return Files.readString(userdata().resolve(EXIT_REASON)).strip();
        } catch (IOException e) {
            return "";
        }
    }

    /** Why the container ended unrecorded, when it did: its supervisor is gone, or the host restarted. */
    private Optional<String> lostReason() {
        if (startedInAnEarlierBoot()) {
            return Optional.of(REBOOTED);
        }
        OptionalLong shim = readPid(SUPERVISOR_PID);
        if (shim.isEmpty() || alive(shim.getAsLong())) {
            return Optional.empty(); // looked after (or made before skiff recorded supervisors)
        }
        if (recordedExit().isPresent()) {
            return Optional.empty(); // recorded just before the supervisor went
        }
        return Optional.of("its supervisor (skiff-shim) was killed; the container was killed with it");
    }

    /** Whether PID runs: exists and is no zombie (one whose parent died waits for a reaper that may be slow). */
    static boolean alive(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** This boot of the host, to tell a pid of this boot from one recorded before a restart; read once. */
    static String bootId() {
        String id = bootId;
        if (id == null) {
            try {
                // by lines: Files.readString can get a short read of a sysctl file
                id = Files.readAllLines(Path.of("/proc/sys/kernel/random/boot_id")).getFirst().strip();
            } catch (IOException | RuntimeException e) {
                id = "";
            }
            bootId = id;
        }
        return id;
    }

    private OptionalLong readPid(String file) {
        try {
            return OptionalLong.of(Long.parseLong(Files.readString(userdata().resolve(file)).strip()));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private Optional<Exit> recordedExit() {
        try {
            String[] f = Files.readString(userdata().resolve("exit")).strip().split(" ");
            String[] secs = f[1].split("\\.");
            return Optional.of(new Exit(Integer.parseInt(f[0]),
                    Instant.ofEpochSecond(Long.parseLong(secs[0]), secs.length > 1 ? Long.parseLong(secs[1]) : 0)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Whether the container's init is alive: started, no exit recorded, its process present. */
    public boolean running() {
        if (!"running".equals(recordedStatus()) || exit().isPresent()) {
            return false;
        }
        OptionalLong pid = pid();
        return pid.isPresent() && alive(pid.getAsLong());
    }

    /** The container's directory in the store. */
    Path root() {
        return root;
    }

    /** Container ID of the same store, if it exists (a pod's infra container, a joined network's owner). */
    Optional<ContainerDir> sibling(String id) {
        try {
            return load(root.resolveSibling(id));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Where the container's overlay is mounted: inside the container, and for `skiff mount`. */
    public Path rootfs() {
        return root.resolve("merged");
    }

    /** The container's own files, overlay's upper directory. */
    public Path upper() {
        return root.resolve("upper");
    }

    Path work() {
        return root.resolve("work");
    }

    Path userdata() {
        return root.resolve("userdata");
    }

    /** The container's output in k8s-file format (when its log driver keeps one). */
    public Path log() {
        String path = state.get("logPath");
        return path.isEmpty() ? userdata().resolve("ctr.log") : Path.of(path);
    }

    /** The k8s-file log; refused, naming the driver, when the container's log driver keeps none. */
    public Path readableLog() {
        if (!logConfig().readable()) {
            throw new SkiffException("container " + name() + " uses the `" + logConfig().driver()
                    + "` log driver, which keeps no logs to read");
        }
        return log();
    }

    /** `--log-driver` and `--log-opt`; the default for containers made before skiff had them. */
    public LogConfig logConfig() {
        String driver = state.get("logDriver");
        String size = state.get("logMaxSize");
        return driver.isEmpty() ? LogConfig.DEFAULT : new LogConfig(driver,
                state.get("logPath").isEmpty() ? null : state.get("logPath"), size.isEmpty() ? 0 : Long.parseLong(size));
    }

    void recordTty(boolean tty) {
        state.put("tty", Boolean.toString(tty));
    }

    /** Whether the container has a pseudo-terminal (`-t`), which `attach` reaches. */
    public boolean tty() {
        return "true".equals(state.get("tty"));
    }

    void recordInit(boolean init) {
        state.put("init", Boolean.toString(init));
    }

    /** Whether `--init` runs a tiny init as the container's PID 1. */
    public boolean init() {
        return "true".equals(state.get("init"));
    }

    /** Notes the systemd scope properties that hold the container's limits (none: no scope). */
    /**
     * A user namespace of the container's own: MAP recorded (AUTO: a range taken from the pool
     * `--userns=auto` allocates from), saved at once so that allocations made under the store
     * lock see it; its upper and work directories go to the namespace's root, which mounts the
     * overlay, and the container's directory lets that root through.
     */
    void recordUserns(IdMap map, String mode, boolean auto) {
        state.put("userns", map.records());
        state.put("usernsMode", mode);
        state.put("usernsAuto", Boolean.toString(auto));
        storeState("created");
        try {
            for (Path p : List.of(upper(), work())) {
                Files.setAttribute(p, "unix:uid", (int) map.uid(0), java.nio.file.LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(p, "unix:gid", (int) map.gid(0), java.nio.file.LinkOption.NOFOLLOW_LINKS);
            }
            dev.skiff.runtime.sys.LibC.chmod(root, 0711);
            dev.skiff.runtime.sys.LibC.chmod(userdata(), 0711);
        } catch (IOException e) {
            throw new SkiffException("prepare container " + name() + " for its user namespace: " + e.getMessage(), e);
        }
    }

    /** The maps of the container's own user namespace; empty when it shares skiff's. */
    Optional<IdMap> userns() {
        List<String> records = state.list("userns");
        return records.isEmpty() ? Optional.empty() : Optional.of(IdMap.parse(records));
    }

    /** podman's HostConfig.UsernsMode: "" or keep-id, auto, private (for --uidmap). */
    public String usernsMode() {
        return state.get("usernsMode");
    }

    /** Whether the container's ids came from `--userns=auto`'s pool. */
    boolean autoUserns() {
        return Boolean.parseBoolean(state.get("usernsAuto"));
    }

    /** Where the shifted copies of the image's layers go, for a container with its own user namespace. */
    Path shiftedLayers() {
        return root.resolve("lower");
    }

    /**
     * The directory the overlay is mounted from: the layer store, or for a container with its
     * own user namespace its own directory (whose root cannot walk the way to the store).
     */
    Path overlayBase(Path layerStore) {
        return userns().isPresent() ? root : layerStore;
    }

    /** The container's volumes, binds and tmpfs mounts, resolved (see {@link ContainerVolumes}). */
    void recordMounts(List<MountSpec> mounts) {
        state.put("mounts", mounts.stream().map(MountSpec::record).toList());
    }

    /** A pod member: it shares KINDS (ipc, uts) of the pod's infra container ID, and belongs to pod POD. */
    void recordPod(String pod, String infraId, List<String> kinds) {
        state.put("pod", pod);
        state.put("joinedContainer", infraId);
        state.put("joinedNamespaces", kinds);
        storeState(state.get("status"));
    }

    /** The pod the container belongs to (its infra container too); empty for none. */
    public String pod() {
        return state.get("pod");
    }

    /** Whether the container is its pod's infra container, which goes only with the pod. */
    public boolean podInfra() {
        return !pod().isEmpty() && joinedContainer().isEmpty();
    }

    /** The namespaces besides the network's that the container shares with {@link #joinedContainer}. */
    List<String> joinedNamespaces() {
        return state.list("joinedNamespaces");
    }

    String joinedContainer() {
        return state.get("joinedContainer");
    }

    /** The container's network: its mode and published ports. */
    void recordNetwork(ContainerNetwork net) {
        state.put("network", net.mode());
        state.put("ports", net.portRecords());
    }

    ContainerNetwork network() {
        String mode = state.get("network");
        return new ContainerNetwork(mode.isEmpty() ? "none" : mode,
                state.list("ports").stream().map(PortMapping::parseRecord).toList());
    }

    /** The published ports, one mapping per `-p` (ranges whole). */
    public List<PortMapping> ports() {
        return network().ports();
    }

    /** podman's HostConfig.NetworkMode. */
    public String networkMode() {
        return network().mode();
    }

    /** Where volume NAME's files are: beside the container's own directory in the store. */
    String volumeSource(String name) {
        return root.getParent().resolveSibling("volumes").resolve(name).resolve("_data").toString();
    }

    List<MountSpec> mounts() {
        return state.list("mounts").stream().map(MountSpec::parseRecord).toList();
    }

    void recordCgroupScope(List<String> properties) {
        state.put("cgroupScope", properties);
    }

    List<String> cgroupScope() {
        return state.list("cgroupScope");
    }

    /**
     * The container's cgroup leaf while it runs: beside its supervisor's, in the scope, read from
     * /proc when asked (the scope is systemd's, and goes when the container does); null otherwise.
     */
    public Path cgroup() {
        OptionalLong shim = readPid(SUPERVISOR_PID);
        if (cgroupScope().isEmpty() || shim.isEmpty() || !alive(shim.getAsLong())) {
            return null;
        }
        Path supervisor = cgroupOf(Path.of("/proc/" + shim.getAsLong() + "/cgroup"));
        return supervisor == null ? null : supervisor.resolveSibling("container");
    }

    /** The cgroup v2 directory a /proc/PID/cgroup file names, or null. */
    private static Path cgroupOf(Path procCgroup) {
        Path unified = dev.skiff.runtime.cgroup.CgroupHost.unifiedMount();
        try {
            for (String line : Files.readAllLines(procCgroup)) {
                if (line.startsWith("0::") && unified != null) {
                    return unified.resolve(line.substring(3).replaceFirst("^/+", ""));
                }
            }
        } catch (IOException e) {
            // gone
        }
        return null;
    }

    /** Whether the container's processes are frozen (`pause`). */
    public boolean paused() {
        Path cg = cgroup();
        try {
            return cg != null && Files.readString(cg.resolve("cgroup.freeze")).strip().equals("1");
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Removes the container's cgroup leaf, empty once it exited. Called by `container cleanup`,
     * which the supervisor runs in place of itself, in its own leaf beside it; the scope goes with
     * the supervisor.
     */
    void removeCgroupLeaf() {
        if (cgroupScope().isEmpty()) {
            return;
        }
        Path self = cgroupOf(Path.of("/proc/self/cgroup"));
        if (self == null || self.getParent() == null
                || !self.getParent().getFileName().toString().startsWith("skiff-" + id().substring(0, 12))) {
            return; // not run by this container's supervisor
        }
        try {
            Files.deleteIfExists(self.resolveSibling("container"));
        } catch (IOException e) {
            // still busy or gone: systemd removes it with the scope
        }
    }

    /** State.OOMKilled: the OOM killer ended a process of the container's last run (the supervisor noted it). */
    public boolean oomKilled() {
        return Files.exists(userdata().resolve(OOM_KILLED));
    }

    /** Notes what `exec` gives its processes too: the capability set and no_new_privs. */
    void recordSecurity(long capabilities, boolean noNewPrivileges) {
        state.put("capabilities", Long.toHexString(capabilities));
        state.put("noNewPrivileges", Boolean.toString(noNewPrivileges));
    }

    /** The container's capability set (podman's default for a container that predates the record). */
    long capabilities() {
        String caps = state.get("capabilities");
        return caps == null ? dev.skiff.runtime.spec.Capabilities.DEFAULT : Long.parseUnsignedLong(caps, 16);
    }

    boolean noNewPrivileges() {
        return "true".equals(state.get("noNewPrivileges"));
    }

    /** The compiled seccomp filter of the container, when it has one. */
    Optional<Path> seccompFilter() {
        Path bpf = userdata().resolve(SECCOMP_FILTER);
        return Files.isRegularFile(bpf) ? Optional.of(bpf) : Optional.empty();
    }

    void recordLog(LogConfig log) {
        state.put("logDriver", log.driver());
        state.put("logPath", log.path() == null ? "" : log.path());
        state.put("logMaxSize", Long.toString(log.maxSize()));
    }

    Path writeUserdata(String file, String content) {
        return writeUserdata(file, content.getBytes(StandardCharsets.UTF_8));
    }

    Path writeUserdata(String file, byte[] content) {
        Path p = userdata().resolve(file);
        try {
            Files.write(p, content);
            return p;
        } catch (IOException e) {
            throw new SkiffException("write " + p + ": " + e.getMessage(), e);
        }
    }

    /** Notes what `exec` needs of the container's process: env, identity, workdir, image layers. */
    void describeProcess(List<String> env, ImageUser.Identity identity, String workdir, List<Path> layersTopFirst) {
        state.put("env", env);
        state.put("uid", Long.toString(identity.uid()));
        state.put("gid", Long.toString(identity.gid()));
        state.put("groups", identity.groups().stream().map(String::valueOf).toList());
        state.put("home", identity.home());
        state.put("workdir", workdir);
        state.put("layers", layersTopFirst.stream().map(Path::toString).toList());
    }

    List<String> env() {
        return state.list("env");
    }

    ImageUser.Identity identity() {
        return new ImageUser.Identity(Long.parseLong(state.get("uid")), Long.parseLong(state.get("gid")),
                state.list("groups").stream().map(Long::valueOf).toList(), state.get("home"));
    }

    String workdir() {
        return state.get("workdir");
    }

    /** The container's own files first (its upper dir), then the image's layers. */
    List<Path> filesTopFirst() {
        List<Path> out = new java.util.ArrayList<>();
        out.add(upper());
        state.list("layers").forEach(l -> out.add(Path.of(l)));
        return out;
    }

    /**
     * The options that mount the container's overlay: its image's layers as lower directories,
     * named relative to {@link #overlayBase} (the mounting process works from there, so that more
     * layers fit in the one page the kernel copies), and its own upper and work directories.
     */
    String overlayOptions(Path layerStore) {
        Path base = overlayBase(layerStore);
        List<Path> layers = filesTopFirst().subList(1, filesTopFirst().size());
        StringBuilder lower = new StringBuilder();
        for (Path layer : layers) {
            lower.append(lower.isEmpty() ? "" : ":").append(base.relativize(layer));
        }
        boolean relative = !base.equals(layerStore);
        String opts = "lowerdir=" + lower + ",upperdir=" + (relative ? root.relativize(upper()) : upper())
                + ",workdir=" + (relative ? root.relativize(work()) : work()) + ",userxattr";
        for (Path p : List.of(layerStore, upper())) {
            if (p.toString().contains(",") || p.toString().contains(":")) {
                throw new SkiffException("storage path `" + p + "` contains `,` or `:`, which overlay cannot mount");
            }
        }
        if (opts.length() > OVERLAY_OPTIONS_MAX) {
            throw new SkiffException("image has too many layers (" + layers.size() + ") for one overlay mount");
        }
        return opts;
    }

    /** Notes the entrypoint part of the command, which `commit` keeps apart from CMD. */
    void recordEntrypoint(List<String> entrypoint) {
        state.put("entrypoint", entrypoint);
    }

    /** The container's entrypoint (the start of {@link #command()}); empty when it has none. */
    List<String> entrypoint() {
        return state.list("entrypoint");
    }

    void saveCreated(List<String> argv, String stopSignal, List<String> labels, List<String> annotations,
                     RestartPolicy restart, int stopTimeout) {
        state.put("command", argv);
        state.put("restart", restart.toString());
        state.put("stopTimeout", Integer.toString(stopTimeout));
        state.put("labels", labels);
        state.put("annotations", annotations);
        state.put("stopSignal", stopSignal == null ? "" : stopSignal);
        storeState("created");
    }

    /** Records that the container starts now, at the user's request: the restart count starts over. */
    void markStarted() {
        state.put("restartCount", "0");
        markRestarted();
    }

    /** Records that the container starts now, again by its restart policy or its user. */
    void markRestarted() {
        state.put("started", Instant.now().toString());
        state.put("bootId", bootId());
        state.put("stoppedByUser", "");
        storeState("running");
    }

    /** Records that `stop` or `rm` ends the container: its restart policy no longer applies. */
    void markStoppedByUser() {
        state.put("stoppedByUser", "true");
        storeState(recordedStatus());
    }

    boolean stoppedByUser() {
        return "true".equals(state.get("stoppedByUser"));
    }

    /** The `--restart` policy; "no" for containers created before skiff had one. */
    public RestartPolicy restartPolicy() {
        return RestartPolicy.parse(state.get("restart"));
    }

    /** How often the restart policy has started the container again since the user last started it. */
    public int restartCount() {
        String n = state.get("restartCount");
        return n.isEmpty() ? 0 : Integer.parseInt(n);
    }

    void countRestart() {
        state.put("restartCount", Integer.toString(restartCount() + 1));
    }

    /** `--stop-timeout`: what `stop` waits before SIGKILL when it is not given -t. */
    public Duration stopTimeout() {
        String s = state.get("stopTimeout");
        return Duration.ofSeconds(s.isEmpty() ? RunOptions.DEFAULT_STOP_TIMEOUT : Long.parseLong(s));
    }

    /** Forgets the previous run's pid and exit status before a new start. */
    void clearRun() {
        try {
            Files.deleteIfExists(userdata().resolve("exit"));
            Files.deleteIfExists(userdata().resolve("pidfile"));
            Files.deleteIfExists(userdata().resolve(SUPERVISOR_PID));
            Files.deleteIfExists(userdata().resolve(EXIT_REASON));
            Files.deleteIfExists(userdata().resolve(OOM_KILLED));
        } catch (IOException e) {
            throw new SkiffException("reset container " + name() + ": " + e.getMessage(), e);
        }
    }

    /** When the container last started, if it ever did. */
    public Optional<Instant> started() {
        String s = state.get("started");
        return s.isEmpty() ? Optional.empty() : Optional.of(Instant.parse(s));
    }

    /** The image's STOPSIGNAL, or empty for SIGTERM. */
    public String stopSignal() {
        return state.get("stopSignal");
    }

    /** Renames the container (the caller holds the store lock and checked the name is free). */
    void rename(String newName) {
        state.put("name", newName);
        storeState(recordedStatus());
    }

    void saveExit(int code) {
        state.put("exitCode", Integer.toString(code));
        storeState("exited");
    }

    private void storeState(String status) {
        state.put("status", status);
        try {
            state.writeTo(root.resolve(ContainerStates.FILE));
        } catch (IOException e) {
            throw new SkiffException("save state of container " + name() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Removes everything the container had on disk, files owned by any of its ids included. The
     * directory is first renamed into the store's tmp/, so that it vanishes from `ps` at once and
     * whole, even when this command is killed while it deletes.
     */
    void delete() {
        if (ContainerMounts.inUnshare()) {
            ContainerMounts.unmount(this); // a `skiff mount` of it in this `skiff unshare`
        }
        try {
            FileTrees.discard(root.getParent().resolveSibling("tmp"), root); // StorePaths.tmp() beside containers/
        } catch (IOException e) {
            throw new SkiffException("remove container " + name() + " at " + root + ": " + e, e);
        }
    }
}

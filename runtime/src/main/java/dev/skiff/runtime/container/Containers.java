package dev.skiff.runtime.container;

import dev.skiff.runtime.SkiffException;
import dev.skiff.runtime.storage.FileTrees;
import dev.skiff.runtime.storage.StoreLock;
import dev.skiff.runtime.storage.StorePaths;
import dev.skiff.runtime.sys.LibC;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** The store's containers: finding them by name or id, and what is done to them after start. */
public final class Containers {
    /** Podman's exit code for an operation on a container in the wrong state. */
    public static final int EXIT_STATE_IMPROPER = 2;
    private static final Duration POLL = Duration.ofMillis(20);
    private static final Duration EXIT_RECORD_WAIT = Duration.ofSeconds(5);

    private final StorePaths paths;

    public Containers(StorePaths paths) {
        this.paths = paths;
    }

    /** Every container, newest first. */
    public List<ContainerDir> list() {
        List<ContainerDir> out = new ArrayList<>();
        if (!Files.isDirectory(paths.containers())) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(paths.containers(), Files::isDirectory)) {
            for (Path dir : ds) {
                ContainerDir.load(dir).ifPresent(out::add);
            }
        } catch (IOException e) {
            throw new SkiffException("list containers in " + paths.containers() + ": " + e.getMessage(), e);
        }
        out.sort(Comparator.comparing(ContainerDir::created).reversed());
        return out;
    }

    /** The container with this name, full id or unique id prefix. */
    public ContainerDir find(String nameOrId) {
        List<ContainerDir> all = list();
        for (ContainerDir c : all) {
            if (c.id().equals(nameOrId) || c.name().equals(nameOrId)) {
                return c;
            }
        }
        List<ContainerDir> byPrefix = all.stream().filter(c -> c.id().startsWith(nameOrId)).toList();
        if (byPrefix.size() > 1) {
            throw new SkiffException("more than one container matches \"" + nameOrId + "\": give more of the id");
        }
        if (byPrefix.isEmpty() || nameOrId.isEmpty()) {
            throw new NoSuchContainerException(nameOrId);
        }
        return byPrefix.getFirst();
    }

    /** Sends SIGNAL to the container's init; refused when it does not run. */
    public void kill(ContainerDir c, int signal) {
        OptionalLong pid = c.pid();
        if (!c.running() || pid.isEmpty()) {
            throw new SkiffException("can only kill running containers. " + c.id().substring(0, 12)
                    + " is in state " + status(c) + ": container state improper", EXIT_STATE_IMPROPER, null);
        }
        signal(pid.getAsLong(), signal, c);
    }

    /** Stops with the image's STOPSIGNAL (SIGTERM when it has none), then SIGKILL after TIMEOUT. */
    public void stop(ContainerDir c, Duration timeout) {
        stop(c, c.stopSignal().isEmpty() ? Signals.SIGTERM : Signals.parse(c.stopSignal()), timeout);
    }

    /** Sends SIGNAL, then SIGKILL after TIMEOUT, and waits until the container has exited. */
    public void stop(ContainerDir c, int signal, Duration timeout) {
        markStoppedByUser(c);
        OptionalLong pid = c.pid();
        if (!c.running() || pid.isEmpty()) {
            return;
        }
        if (signal == Signals.SIGKILL) {
            killAll(pid.getAsLong(), c);
        } else {
            signal(pid.getAsLong(), signal, c);
        }
        if (!awaitExit(c, timeout)) {
            killAll(pid.getAsLong(), c);
            if (!awaitExit(c, Duration.ofSeconds(30))) {
                throw new SkiffException("container " + c.name() + " did not exit after SIGKILL");
            }
        }
    }

    /** Waits until the container exits and returns its exit code. */
    public int await(ContainerDir c) {
        awaitExit(c, null);
        return c.exit().map(ContainerDir.Exit::code)
                .orElseThrow(() -> new SkiffException("container " + c.name() + " ended without an exit status"));
    }

    /** Removes a container; a running one only with FORCE (it is killed first). */
    public void remove(ContainerDir c, boolean force) {
        remove(c, force, null, false);
    }

    /**
     * Removes a container; a running one only with FORCE: stopped first within TIMEOUT (its stop
     * signal, then SIGKILL), or killed at once when TIMEOUT is null. With VOLUMES (`rm -v`) its
     * anonymous volumes go too, unless another container mounts them.
     */
    public void remove(ContainerDir c, boolean force, Duration timeout, boolean volumes) {
        if (c.running()) {
            if (!force) {
                throw new SkiffException("cannot remove container " + c.id() + " as it is running - running or "
                        + "paused containers cannot be removed without force: container state improper",
                        EXIT_STATE_IMPROPER, null);
            }
            Path leaf = c.cgroup(); // found through the supervisor, which may be gone once the container is
            if (timeout == null) {
                stop(c, Signals.SIGKILL, Duration.ZERO);
            } else {
                stop(c, timeout);
            }
            removeLeaf(leaf);
        }
        deleteLocked(c);
        if (volumes) {
            ContainerVolumes.removeAnonymous(paths, c);
        }
    }

    /** The containers that mount each volume, running or not, by volume name (absent: none). */
    public Map<String, List<ContainerDir>> volumeUsers() {
        return ContainerVolumes.usersByVolume(paths);
    }

    /** Gives a container a new name that no other container has. */
    public void rename(ContainerDir c, String newName) {
        ContainerIds.checkName(newName);
        try (StoreLock lock = StoreLock.acquire(paths)) {
            for (ContainerDir other : list()) {
                if (other.name().equals(newName) && !other.id().equals(c.id())) {
                    throw new SkiffException("the container name \"" + newName + "\" is already in use by "
                            + other.id() + ": choose another name");
                }
            }
            c.rename(newName);
        } catch (IOException e) {
            throw new SkiffException("rename container " + c.name() + ": " + e.getMessage(), e);
        }
    }

    /**
     * After the container's exit, called by its supervisor: records the end, removes the container
     * if asked, and returns true when its restart policy starts it again: it is then recorded as
     * restarted, and the caller starts its supervisor.
     */
    public boolean cleanup(ContainerDir c) {
        try (StoreLock lock = StoreLock.acquire(paths)) {
            Optional<ContainerDir> current = ContainerDir.load(paths.containers().resolve(c.id()));
            Optional<ContainerDir.Exit> exit = current.flatMap(ContainerDir::exit);
            if (exit.isEmpty()) {
                return false; // removed, or already started again
            }
            ContainerDir dir = current.get();
            if (dir.autoRemove()) {
                dir.delete();
                ContainerVolumes.removeAnonymous(paths, dir);
                return false;
            }
            dir.removeCgroupLeaf();
            dir.saveExit(exit.get().code());
            if (dir.stoppedByUser() || !dir.restartPolicy().restarts(exit.get().code(), dir.restartCount())) {
                return false;
            }
            dir.countRestart();
            dir.clearRun();
            dir.markRestarted();
            return true;
        } catch (IOException e) {
            throw new SkiffException("clean up container " + c.name() + ": " + e.getMessage(), e);
        }
    }

    /** Notes, before any signal, that the user ends the container: no restart policy brings it back. */
    private void markStoppedByUser(ContainerDir c) {
        try (StoreLock lock = StoreLock.acquire(paths)) {
            ContainerDir.load(paths.containers().resolve(c.id())).ifPresent(ContainerDir::markStoppedByUser);
        } catch (IOException e) {
            throw new SkiffException("stop container " + c.name() + ": " + e.getMessage(), e);
        }
    }

    /** podman's state word: created, running or exited. */
    public static String status(ContainerDir c) {
        if (c.running()) {
            return c.paused() ? "paused" : "running";
        }
        if ("created".equals(c.recordedStatus())) {
            return "created";
        }
        return "exited";
    }

    /**
     * `pause` (FREEZE) and `unpause`: freezes or thaws every process of a running container
     * through its cgroup leaf's cgroup.freeze, and waits until cgroup.events says it is done.
     */
    public void freeze(ContainerDir c, boolean freeze) {
        if (!c.running()) {
            throw new SkiffException("container " + c.name() + " is not running: container state improper");
        }
        java.nio.file.Path cg = c.cgroup();
        if (cg == null) {
            throw new SkiffException("container " + c.name() + " has no cgroup of its own to "
                    + (freeze ? "freeze" : "thaw") + ": that takes cgroup v2 and a systemd user manager (see skiff info)");
        }
        try {
            java.nio.file.Files.writeString(cg.resolve("cgroup.freeze"), freeze ? "1" : "0");
            long deadline = System.nanoTime() + 10_000_000_000L;
            String want = "frozen " + (freeze ? "1" : "0");
            while (!java.nio.file.Files.readAllLines(cg.resolve("cgroup.events")).contains(want)) {
                if (System.nanoTime() > deadline) {
                    throw new SkiffException("container " + c.name() + " did not " + (freeze ? "freeze" : "thaw")
                            + " within 10 seconds");
                }
                Thread.sleep(10);
            }
        } catch (IOException e) {
            throw new SkiffException((freeze ? "pause " : "unpause ") + c.name() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SkiffException((freeze ? "pause " : "unpause ") + c.name() + ": interrupted", e);
        }
    }

    /** Deletes the container under the store lock, and what killed creations and removals left in tmp/. */
    private void deleteLocked(ContainerDir c) {
        try (StoreLock lock = StoreLock.acquire(paths)) {
            c.delete();
            FileTrees.deleteLeftovers(paths.tmp(), StorePaths.TRASH_PREFIX);
        } catch (IOException e) {
            throw new SkiffException("remove container " + c.name() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Removes a container's cgroup leaf once its last process is gone (cgroup.events says
     * "populated 0"), rather than leave it to systemd to collect with the scope.
     */
    private static void removeLeaf(Path leaf) {
        if (leaf == null) {
            return;
        }
        long deadline = System.nanoTime() + EXIT_RECORD_WAIT.toNanos();
        try {
            while (Files.isDirectory(leaf) && !Files.readAllLines(leaf.resolve("cgroup.events")).contains("populated 0")
                    && System.nanoTime() < deadline) {
                Thread.sleep(POLL.toMillis());
            }
            Files.deleteIfExists(leaf);
        } catch (IOException e) {
            // gone with the scope already, or still busy: systemd removes it with the scope
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * SIGKILL for every process of the container at once: through its cgroup leaf's cgroup.kill
     * when it has one (a paused container included), else to its init, which takes the rest of
     * its PID namespace along.
     */
    private static void killAll(long pid, ContainerDir c) {
        Path cg = c.cgroup();
        if (cg != null && Files.exists(cg.resolve("cgroup.kill"))) {
            try {
                Files.writeString(cg.resolve("cgroup.kill"), "1");
                return;
            } catch (IOException e) {
                // the leaf went with the container, or the kernel refuses: the signal below still ends it
            }
        }
        signal(pid, Signals.SIGKILL, c);
    }

    private static void signal(long pid, int signal, ContainerDir c) {
        try {
            LibC.kill(pid, signal);
        } catch (IOException e) {
            throw new SkiffException("container " + c.name() + ": " + e.getMessage(), e);
        }
    }

    /** True once the exit is recorded or the init is gone; false when TIMEOUT (null: none) passes. */
    private static boolean awaitExit(ContainerDir c, Duration timeout) {
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        while (c.running()) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            pause(c);
        }
        // the init is gone a moment before its supervisor has reaped it and recorded the status
        long recorded = System.nanoTime() + EXIT_RECORD_WAIT.toNanos();
        while (c.exit().isEmpty() && "running".equals(c.recordedStatus()) && System.nanoTime() < recorded) {
            pause(c);
        }
        return true;
    }

    private static void pause(ContainerDir c) {
        try {
            Thread.sleep(POLL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SkiffException("interrupted while waiting for container " + c.name(), e);
        }
    }
}

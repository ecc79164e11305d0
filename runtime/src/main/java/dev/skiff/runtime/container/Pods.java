package dev.skiff.runtime.container;

import dev.skiff.runtime.SkiffException;
import dev.skiff.runtime.image.ImageStore;
import dev.skiff.runtime.storage.AtomicFiles;
import dev.skiff.runtime.storage.FileTrees;
import dev.skiff.runtime.storage.StoreLock;
import dev.skiff.runtime.storage.StorePaths;
import dev.skiff.runtime.storage.TempPaths;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The store's pods ({@code pods/ID/}), and what is done to all of a pod's containers at once. */
public final class Pods {
    private final StorePaths paths;
    private final ImageStore images;
    private final Containers containers;

    public Pods(StorePaths paths, ImageStore images) {
        this.paths = paths;
        this.images = images;
        this.containers = new Containers(paths);
    }

    private Path root() {
        return paths.root().resolve("pods");
    }

    /**
     * Creates a pod named NAME (a generated name when empty) with LABELS, and its infra container
     * (created, not started) with the pod's NETWORK: its published ports are the pod's.
     */
    public Pod create(Optional<String> name, List<String> labels, NetworkOptions network) {
        String id = ContainerIds.newId();
        String podName = name.map(ContainerIds::checkName).orElse(ContainerIds.generatedName(id));
        try {
            Files.createDirectories(root());
            try (StoreLock lock = StoreLock.acquire(paths)) {
                if (list().stream().anyMatch(p -> p.name().equals(podName))) {
                    throw new SkiffException("the pod name \"" + podName + "\" is already in use; remove that pod or "
                            + "choose another name");
                }
            }
        } catch (IOException e) {
            throw new SkiffException("create pod " + podName + ": " + e.getMessage(), e);
        }
        ContainerDir infra = new ContainerRunner(paths, images).create(
                RunOptions.infra(id.substring(0, 12) + "-infra", podName, labels, network));
        try {
            infra.recordPod(id, "", List.of());
            Pod pod = new Pod(id, podName, Instant.now(), labels, infra.id());
            Path staging = TempPaths.directory(paths.tmp(), "pod-");
            AtomicFiles.write(staging.resolve(Pod.FILE), pod.record().toBytes());
            AtomicFiles.rename(staging, root().resolve(id));
            return pod;
        } catch (IOException | RuntimeException e) {
            containers.remove(infra, true);
            throw e instanceof SkiffException s ? s : new SkiffException("create pod " + podName + ": " + e.getMessage(), e);
        }
    }

    /** Every pod, newest first. */
    public List<Pod> list() {
        List<Pod> out = new ArrayList<>();
        if (!Files.isDirectory(root())) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root(), Files::isDirectory)) {
            for (Path dir : ds) {
                Pod.load(dir).ifPresent(out::add);
            }
        } catch (IOException e) {
            throw new SkiffException("list pods in " + root() + ": " + e.getMessage(), e);
        }
        out.sort(Comparator.comparing(Pod::created).reversed());
        return out;
    }

    /** The pod with this name, id or unique id prefix. */
    public Pod find(String nameOrId) {
        List<Pod> all = list();
        for (Pod p : all) {
            if (p.id().equals(nameOrId) || p.name().equals(nameOrId)) {
                return p;
            }
        }
        List<Pod> byPrefix = all.stream().filter(p -> !nameOrId.isEmpty() && p.id().startsWith(nameOrId)).toList();
        if (byPrefix.size() == 1) {
            return byPrefix.getFirst();
        }
        throw new SkiffException(byPrefix.isEmpty() ? "no pod with name or ID " + nameOrId + " found: no such pod"
                : "more than one pod matches \"" + nameOrId + "\": give more of the id");
    }

    /** The pod's containers, its infra container first, then the others oldest first. */
    public List<ContainerDir> containers(Pod pod) {
        List<ContainerDir> out = new ArrayList<>(containers.list().stream().filter(c -> c.pod().equals(pod.id())).toList());
        out.sort(Comparator.comparing((ContainerDir c) -> !c.id().equals(pod.infraId())).thenComparing(ContainerDir::created));
        return out;
    }

    /** podman's pod states: Created, Running, Degraded (some running), Exited. */
    public String status(Pod pod) {
        return status(containers(pod));
    }

    /** The state of a pod whose containers are ALL (as {@link #containers} gives them). */
    public static String status(List<ContainerDir> all) {
        long running = all.stream().filter(ContainerDir::running).count();
        if (running > 0) {
            return running == all.size() ? "Running" : "Degraded";
        }
        return all.stream().allMatch(c -> "created".equals(Containers.status(c))) ? "Created" : "Exited";
    }

    /** Starts the infra container, then every other container that does not run. */
    public void start(Pod pod) {
        ContainerRunner runner = new ContainerRunner(paths, images);
        for (ContainerDir c : containers(pod)) {
            if (!c.running()) {
                int code = runner.start(c);
                if (code != 0) {
                    throw new SkiffException("pod " + pod.name() + ": container " + c.name() + " did not start (exit "
                            + code + ")", code, null);
                }
            }
        }
    }

    /** Stops the pod's containers (each with its stop signal, SIGKILL after TIMEOUT), the infra container last. */
    public void stop(Pod pod, Duration timeout) {
        List<ContainerDir> all = containers(pod);
        for (ContainerDir c : all.reversed()) {
            containers.stop(c, timeout == null ? c.stopTimeout() : timeout);
        }
    }

    /** Sends SIGNAL to every running container of the pod. */
    public void kill(Pod pod, int signal) {
        for (ContainerDir c : containers(pod)) {
            if (c.running()) {
                containers.kill(c, signal);
            }
        }
    }

    /** Removes the pod and its containers; running ones only with FORCE (killed first). */
    public void remove(Pod pod, boolean force) {
        List<ContainerDir> all = containers(pod);
        if (!force && all.stream().anyMatch(ContainerDir::running)) {
            throw new SkiffException("pod " + pod.name() + " has running containers: stop the pod first, or give "
                    + "--force", Containers.EXIT_STATE_IMPROPER, null);
        }
        for (ContainerDir c : all.reversed()) {
            containers.remove(c, true, null, true);
        }
        try {
            Path doomed = paths.tmp().resolve("removed-pod-" + pod.id());
            try (StoreLock lock = StoreLock.acquire(paths)) {
                AtomicFiles.rename(root().resolve(pod.id()), doomed);
            }
            FileTrees.deleteRecursively(doomed);
        } catch (IOException e) {
            throw new SkiffException("remove pod " + pod.name() + ": " + e.getMessage(), e);
        }
    }
}

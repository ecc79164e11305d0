package dev.skiff.runtime.container;

import dev.skiff.runtime.SkiffException;
import dev.skiff.runtime.image.RunConfig;
import dev.skiff.runtime.spec.Mount;
import dev.skiff.runtime.spec.Plan;
import dev.skiff.runtime.storage.StorePaths;
import dev.skiff.runtime.volume.Volume;
import dev.skiff.runtime.volume.Volumes;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A container's volumes, bind mounts and tmpfs mounts: what `-v`, `--mount`, `--tmpfs`,
 * `--volumes-from` and the image's VOLUMEs ask for, resolved when the container is created
 * (volumes found or made), then put into its plan, and its anonymous volumes removed with it.
 */
final class ContainerVolumes {
    private ContainerVolumes() {}

    /**
     * The container's mounts: those of `--volumes-from` containers, overridden by its own flags at
     * the same destination, then a new anonymous volume for each VOLUME of the image that no
     * mount covers. Named volumes that do not exist are created (as podman does); a bind source
     * must exist. Sorted so that a mount comes after the one it lies in.
     */
    static List<MountSpec> resolve(StorePaths paths, VolumeOptions o, RunConfig config) {
        Map<String, MountSpec> byDestination = new LinkedHashMap<>();
        Containers containers = new Containers(paths);
        for (String from : o.volumesFrom()) {
            String[] f = from.split(":");
            ContainerDir other = containers.find(f[0]);
            for (MountSpec m : other.mounts()) {
                if (!m.type().equals("tmpfs")) {
                    byDestination.put(m.destination(), f.length == 2 && (f[1].equals("ro") || f[1].equals("rw"))
                            ? m.withAccess(f[1]) : m.withAccess(m.readOnly() ? "ro" : "rw"));
                }
            }
        }
        List<String> own = new ArrayList<>();
        for (MountSpec m : o.specs()) {
            if (own.contains(m.destination())) {
                throw new SkiffException(m.destination() + ": duplicate mount destination; give each path one mount");
            }
            own.add(m.destination());
            byDestination.put(m.destination(), m);
        }
        for (String v : config.volumes()) {
            String dest = Path.of(v).normalize().toString();
            if (!v.startsWith("/") || dest.equals("/") || dest.contains("..")) {
                throw new SkiffException("the image's VOLUME `" + v + "` is not an absolute path below /: the image is "
                        + "broken; rebuild it, or run another");
            }
            if (!byDestination.containsKey(dest)) {
                byDestination.put(dest, new MountSpec("volume", "", dest, List.of(), true));
            }
        }
        for (MountSpec m : byDestination.values()) {
            if (m.type().equals("bind") && !Files.exists(Path.of(m.source()))) {
                throw new SkiffException("bind mount source `" + m.source() + "`: no such file or directory");
            }
            if (m.type().equals("bind") && m.source().contains(",")) {
                throw new SkiffException("bind mount source `" + m.source() + "`: a path with `,` cannot be "
                        + "mounted; rename it or link to it");
            }
        }
        Volumes volumes = new Volumes(paths);
        List<MountSpec> out = new ArrayList<>();
        for (MountSpec m : byDestination.values()) {
            if (m.type().equals("volume")) {
                String name = m.source().isEmpty() ? Volumes.anonymousName() : m.source();
                volumes.create(name, List.of(), List.of(), m.anonymous(), true);
                out.add(m.named(name));
            } else {
                out.add(m);
            }
        }
        out.sort(Comparator.comparingInt(m -> Path.of(m.destination()).getNameCount()));
        return out;
    }

    /**
     * Puts MOUNTS of container DIR into PLAN: a volume mounted for the first time gets the image's
     * files at its destination (unless nocopy, or it has some already); with U, the source's
     * files go to the container's user (IDENTITY, through the container's own user namespace).
     */
    static void apply(Plan plan, ContainerDir dir, List<MountSpec> mounts, StorePaths paths,
                      ImageUser.Identity identity, Optional<IdMap> userns) {
        Volumes volumes = new Volumes(paths);
        for (MountSpec m : mounts) {
            long flags = flags(m);
            switch (m.type()) {
                case "tmpfs" -> plan.mount(new Mount("tmpfs", m.destination(), "tmpfs", flags, tmpfsData(m.options())));
                case "volume" -> {
                    Volume v = volumes.get(m.source());
                    Optional<String> type = v.option("type");
                    if (type.isPresent()) {
                        plan.mount(new Mount(v.option("device").orElse(type.get()), m.destination(), type.get(), flags,
                                v.option("o").orElse("")));
                        continue;
                    }
                    fillOnce(dir, paths, m, v, identity, userns);
                    chownIfAsked(m, v.mountpoint(), identity, userns);
                    plan.mount(new Mount(v.mountpoint().toString(), m.destination(), "bind", flags, ""));
                }
                default -> {
                    chownIfAsked(m, Path.of(m.source()), identity, userns);
                    plan.mount(new Mount(m.source(), m.destination(), "bind", flags, ""));
                }
            }
        }
    }

    private static long flags(MountSpec m) {
        long flags = m.type().equals("tmpfs") ? 0 : Mount.MS_BIND | (m.has("bind") ? 0 : Mount.MS_REC);
        if (m.readOnly()) {
            flags |= Mount.MS_RDONLY;
        }
        if (m.has("nosuid")) {
            flags |= Mount.MS_NOSUID;
        }
        if (m.has("nodev")) {
            flags |= Mount.MS_NODEV;
        }
        if (m.has("noexec")) {
            flags |= Mount.MS_NOEXEC;
        }
        return flags;
    }

    private static String tmpfsData(List<String> options) {
        return String.join(",", options.stream().filter(o -> o.contains("=")).toList());
    }

    /**
     * A volume's first mount: it gets the image's files at its destination (unless nocopy, or it
     * has files already), their owners and modes with them; with none to copy, it goes to the
     * container's user (IDENTITY, through USERNS), as podman chowns a new volume.
     */
    private static void fillOnce(ContainerDir dir, StorePaths paths, MountSpec m, Volume v,
                                 ImageUser.Identity identity, Optional<IdMap> userns) {
        if (!v.needsCopyUp()) {
            return;
        }
        try (var entries = Files.list(v.mountpoint())) {
            boolean empty = entries.findAny().isEmpty();
            boolean filled = empty && !m.has("nocopy") && ContainerCopy.fill(dir, paths, m.destination(), v.mountpoint());
            if (empty && !filled) {
                Files.setAttribute(v.mountpoint(), "unix:uid", (int) (long) userns.map(u -> u.uidOrStray(identity.uid()))
                        .orElse(identity.uid()), LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(v.mountpoint(), "unix:gid", (int) (long) userns.map(u -> u.gidOrStray(identity.gid()))
                        .orElse(identity.gid()), LinkOption.NOFOLLOW_LINKS);
            }
            v.markFilled();
        } catch (IOException e) {
            throw new SkiffException("volume " + v.name() + ": " + e.getMessage(), e);
        }
    }

    /** `:U`: every file under ROOT to the container's user. */
    private static void chownIfAsked(MountSpec m, Path root, ImageUser.Identity identity, Optional<IdMap> userns) {
        if (!m.has("U")) {
            return;
        }
        int uid = (int) (long) userns.map(u -> u.uidOrStray(identity.uid())).orElse(identity.uid());
        int gid = (int) (long) userns.map(u -> u.gidOrStray(identity.gid())).orElse(identity.gid());
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) throws IOException {
                    own(d);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
                    own(f);
                    return FileVisitResult.CONTINUE;
                }

                private void own(Path p) throws IOException {
                    Files.setAttribute(p, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
                    Files.setAttribute(p, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
                }
            });
        } catch (IOException e) {
            throw new SkiffException(m.destination() + ":U: give " + root + " to the container's user: "
                    + e.getMessage(), e);
        }
    }

    /** The containers that mount each volume, by volume name: one read of the containers for all volumes. */
    static Map<String, List<ContainerDir>> usersByVolume(StorePaths paths) {
        Map<String, List<ContainerDir>> users = new java.util.HashMap<>();
        for (ContainerDir c : new Containers(paths).list()) {
            for (MountSpec m : c.mounts()) {
                if (m.type().equals("volume")) {
                    users.computeIfAbsent(m.source(), n -> new ArrayList<>()).add(c);
                }
            }
        }
        return users;
    }

    /** Removes the anonymous volumes of C (already deleted) that no other container mounts. */
    static void removeAnonymous(StorePaths paths, ContainerDir c) {
        List<MountSpec> anonymous = c.mounts().stream().filter(m -> m.type().equals("volume") && m.anonymous()).toList();
        if (anonymous.isEmpty()) {
            return;
        }
        Volumes volumes = new Volumes(paths);
        Map<String, List<ContainerDir>> users = usersByVolume(paths);
        for (MountSpec m : anonymous) {
            if (users.getOrDefault(m.source(), List.of()).stream().allMatch(u -> u.id().equals(c.id()))) {
                volumes.find(m.source()).ifPresent(volumes::remove);
            }
        }
    }
}

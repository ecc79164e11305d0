package dev.skiff.runtime.container;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What the user asked of a container, as given on the command line.
 *
 * @param entrypoint `--entrypoint`: a command or a JSON array; empty string clears it
 * @param env        `-e` values in order: `KEY=VALUE`, or `KEY` to take the caller's value
 * @param replace    `--replace`: remove a container that already has the requested name
 * @param cidFile    `--cidfile`: where to write the new container's id
 * @param labels     `--label KEY=VALUE` values, in order
 * @param restart    `--restart`: what happens when the detached container exits
 * @param stopTimeout `--stop-timeout`: seconds `stop` waits before SIGKILL, unless it is given -t
 * @param log        `--log-driver` and `--log-opt`
 * @param init       `--init`: a tiny init is PID 1, reaping orphans and forwarding signals
 * @param tty        `-t`: the command gets a pseudo-terminal, served to `attach`
 * @param detachKeys `--detach-keys`, or null for Ctrl-P Ctrl-Q
 * @param security   capabilities, `--privileged`, `--security-opt`, `--read-only`, groups and limits
 * @param userns     `--userns`, `--uidmap`, `--gidmap`: a user namespace of the container's own
 * @param volumes    `-v`, `--mount`, `--tmpfs` and `--volumes-from`
 * @param network    `--network`, `-p`, `-P`, `--dns`, `--add-host`
 * @param pod        `--pod`: the pod whose infra container's network, IPC and UTS namespaces it shares
 * @param cgroupScope the systemd properties of the transient scope that holds the resource limits
 *                   (MemoryMax=..., TasksMax=...); empty when the container gets no scope
 */
public record RunOptions(
        String image,
        List<String> command,
        Optional<String> entrypoint,
        List<String> env,
        List<Path> envFiles,
        Optional<String> workdir,
        Optional<String> user,
        Optional<String> hostname,
        Optional<String> name,
        boolean interactive,
        boolean remove,
        boolean detach,
        boolean replace,
        Optional<Path> cidFile,
        List<String> labels,
        List<String> annotations,
        RestartPolicy restart,
        int stopTimeout,
        LogConfig log,
        boolean init,
        boolean tty,
        String detachKeys,
        SecurityOptions security,
        UsernsOptions userns,
        VolumeOptions volumes,
        NetworkOptions network,
        Optional<String> pod,
        List<String> cgroupScope) {
    /** podman's default for `--stop-timeout`. */
    public static final int DEFAULT_STOP_TIMEOUT = 10;

    /**
     * A build's RUN step: ARGV (no entrypoint) in image IMAGE_ID with ENV added to the image's,
     * as USER in WORKDIR, on NETWORK, with MOUNTS (`--mount` values).
     */
    public static RunOptions buildStep(String imageId, List<String> argv, List<String> env, String workdir, String user,
                                       NetworkOptions network, List<String> mounts) {
        return new RunOptions(imageId, argv, Optional.of(""), env, List.of(), Optional.of(workdir), Optional.of(user),
                Optional.empty(), Optional.empty(), false, false, false, false, Optional.empty(), List.of(), List.of(),
                RestartPolicy.NO, DEFAULT_STOP_TIMEOUT, new LogConfig("passthrough", null, 0), false, false, null,
                SecurityOptions.DEFAULT, UsernsOptions.DEFAULT, new VolumeOptions(List.of(), mounts, List.of(), List.of()), network,
                Optional.empty(), List.of());
    }

    /**
     * A pod's infra container: the skiff-pause image, detached, named NAME, with the pod's
     * HOSTNAME, LABELS and NETWORK (its published ports are the pod's).
     */
    static RunOptions infra(String name, String hostname, List<String> labels, NetworkOptions network) {
        return new RunOptions(dev.skiff.runtime.image.EmbeddedImages.PAUSE, List.of(), Optional.empty(), List.of(),
                List.of(), Optional.empty(), Optional.empty(), Optional.of(hostname), Optional.of(name), false, false,
                true, false, Optional.empty(), labels, List.of(), RestartPolicy.NO, DEFAULT_STOP_TIMEOUT,
                LogConfig.DEFAULT, false, false, null, SecurityOptions.DEFAULT, UsernsOptions.DEFAULT,
                VolumeOptions.NONE, network, Optional.empty(), List.of());
    }
}

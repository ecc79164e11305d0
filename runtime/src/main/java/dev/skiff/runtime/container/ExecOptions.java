package dev.skiff.runtime.container;

import java.util.List;
import java.util.Optional;

/**
 * What `skiff exec` was asked: the command and how to run it inside the container.
 *
 * @param tty        `-t`: a pseudo-terminal of the container's, the caller's terminal in raw mode
 * @param privileged `--privileged`: every capability this kernel has
 */
public record ExecOptions(List<String> command, List<String> env, Optional<String> user, Optional<String> workdir,
                          boolean interactive, boolean tty, boolean privileged) {}

package dev.skiff.runtime.container;

import java.util.List;
import java.util.Optional;

/** What `skiff exec` was asked: the command and how to run it inside the container. */
public record ExecOptions(List<String> command, List<String> env, Optional<String> user, Optional<String> workdir,
                          boolean interactive) {}

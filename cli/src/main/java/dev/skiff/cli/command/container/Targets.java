package dev.skiff.cli.command.container;

import dev.skiff.runtime.SkiffException;
import dev.skiff.runtime.container.ContainerDir;
import dev.skiff.runtime.container.Containers;
import dev.skiff.runtime.container.NoSuchContainerException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The containers a command acts on, each with what the command prints for it as podman does:
 * the name or ID as given, or the full ID under {@code --all}.
 */
final class Targets {
    /** One container and the line printed for it. */
    record Target(ContainerDir dir, String label) {}

    private Targets() {}

    /**
     * With ALL, every container FILTER accepts; otherwise the NAMES given, in order, skipping those
     * that match no container when IGNORE is set.
     */
    static List<Target> resolve(Containers containers, boolean all, Predicate<ContainerDir> filter, List<String> names,
                                boolean ignore) {
        if (all) {
            if (!names.isEmpty()) {
                throw new SkiffException("--all and container names cannot be given together");
            }
            return containers.list().stream().filter(filter).map(c -> new Target(c, c.id())).toList();
        }
        if (names.isEmpty()) {
            throw new SkiffException("give at least one container name or ID, or --all");
        }
        List<Target> out = new ArrayList<>();
        for (String name : names) {
            try {
                out.add(new Target(containers.find(name), name));
            } catch (NoSuchContainerException e) {
                if (!ignore) {
                    throw e;
                }
            }
        }
        return out;
    }

    /** `-t SECONDS` when given (negative counts as 0), else the container's own `--stop-timeout`. */
    static Duration timeout(Integer seconds, ContainerDir c) {
        return seconds == null ? c.stopTimeout() : Duration.ofSeconds(Math.max(0, seconds));
    }
}

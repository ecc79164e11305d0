package dev.skiff.runtime.config;

import dev.skiff.runtime.SkiffException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The settings skiff reads from containers.conf, in podman's places: {@code $CONTAINERS_CONF}
 * alone when set, else /usr/share/containers/containers.conf, /etc/containers/containers.conf
 * and the user's ~/.config/containers/containers.conf, a later file's keys winning.
 *
 * @param cgroups      [containers] cgroups: "enabled" (default) or "disabled"
 * @param cgroupLimits [containers] cgroup_limits, skiff's own: "enforce" (default; a limit that
 *                     cannot hold is an error) or "best-effort" (a warning, and the run goes on)
 * @param netns        [containers] netns: the network of a container run without --network:
 *                     "private" (default: pasta when installed), "pasta", "none" or "host"
 */
public record ContainersConf(String cgroups, String cgroupLimits, String netns) {
    public static final ContainersConf DEFAULT = new ContainersConf("enabled", "enforce", "private");

    /**
     * The `--network` a container gets when none is given: netns, where "private" and "bridge"
     * mean skiff's own default (""; pasta when installed).
     */
    public String defaultNetwork() {
        return netns.equals("private") || netns.equals("bridge") ? "" : netns;
    }

    public static ContainersConf load(Map<String, String> env) {
        List<Path> files = new ArrayList<>();
        String explicit = env.get("CONTAINERS_CONF");
        if (explicit != null && !explicit.isEmpty()) {
            files.add(Path.of(explicit));
        } else {
            files.add(Path.of("/usr/share/containers/containers.conf"));
            files.add(Path.of("/etc/containers/containers.conf"));
            String xdg = env.get("XDG_CONFIG_HOME");
            String home = env.getOrDefault("HOME", System.getProperty("user.home"));
            files.add(xdg != null && !xdg.isEmpty() ? Path.of(xdg, "containers", "containers.conf")
                    : Path.of(home, ".config", "containers", "containers.conf"));
        }
        String cgroups = DEFAULT.cgroups();
        String limits = DEFAULT.cgroupLimits();
        String netns = DEFAULT.netns();
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                continue;
            }
            String what = "containers.conf `" + f + "`";
            List<Toml.Table> tables;
            try {
                tables = Toml.parse(Files.readString(f, StandardCharsets.UTF_8), what);
            } catch (IOException e) {
                throw new SkiffException(what + ": " + e.getMessage(), e);
            }
            for (Toml.Table t : tables) {
                if (!t.name().equals("containers")) {
                    continue;
                }
                cgroups = choice(t.values().get("cgroups"), cgroups, what, "cgroups", "enabled", "disabled");
                limits = choice(t.values().get("cgroup_limits"), limits, what, "cgroup_limits", "enforce",
                        "best-effort");
                netns = choice(t.values().get("netns"), netns, what, "netns", "private", "bridge", "pasta", "none",
                        "host");
            }
        }
        return new ContainersConf(cgroups, limits, netns);
    }

    private static String choice(Object value, String current, String what, String key, String... allowed) {
        if (value == null) {
            return current;
        }
        if (value instanceof String s && List.of(allowed).contains(s)) {
            return s;
        }
        throw new SkiffException(what + ": [containers] " + key + " = " + value + ": give one of "
                + String.join(", ", allowed));
    }
}

package dev.skiff.runtime.container;

import dev.skiff.runtime.SkiffException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One mount a container asked for, as podman's `-v`, `--mount` and `--tmpfs` give it, and as
 * the container records it (in --mount syntax).
 *
 * @param type        bind, volume or tmpfs
 * @param source      the host path of a bind, the volume's name (empty: a new anonymous volume)
 * @param destination the absolute path in the container
 * @param options     ro, U, nocopy, noexec, nosuid, nodev, bind (not recursive), size=..., mode=...
 * @param anonymous   a volume made for this container, removed with it by `rm -v` and `--rm`
 */
public record MountSpec(String type, String source, String destination, List<String> options, boolean anonymous) {
    private static final List<String> FLAGS = List.of("ro", "rw", "U", "z", "Z", "nocopy", "copy", "suid", "nosuid",
            "dev", "nodev", "exec", "noexec", "bind", "rbind", "private", "rprivate", "shared", "rshared", "slave",
            "rslave");
    /** podman's options for --tmpfs. */
    private static final List<String> TMPFS_DEFAULTS = List.of("rw", "noexec", "nosuid", "nodev");

    public MountSpec {
        options = List.copyOf(options);
    }

    /** Whether OPTION (ro, U, nocopy...) was given. */
    boolean has(String option) {
        return options.contains(option);
    }

    boolean readOnly() {
        return has("ro");
    }

    /** `-v [SOURCE:]DESTINATION[:OPTIONS]`: SOURCE is a host path when it starts with / or ., else a volume name. */
    public static MountSpec volumeFlag(String spec) {
        String[] parts = spec.split(":", -1);
        if (parts.length > 3 || spec.isEmpty()) {
            throw new SkiffException("-v `" + spec + "`: give [SOURCE:]DESTINATION[:OPTIONS]");
        }
        if (parts.length == 1) {
            return new MountSpec("volume", "", destination("-v", spec, parts[0]), List.of(), true);
        }
        String source = parts[0];
        String dest = destination("-v", spec, parts[1]);
        List<String> options = parts.length == 3 ? flags("-v", spec, parts[2]) : List.of();
        if (source.isEmpty()) {
            throw new SkiffException("-v `" + spec + "`: the source is empty");
        }
        if (source.startsWith("/") || source.startsWith(".")) {
            return new MountSpec("bind", Path.of(source).toAbsolutePath().normalize().toString(), dest, options, false);
        }
        dev.skiff.runtime.volume.Volumes.checkName(source);
        return new MountSpec("volume", source, dest, options, false);
    }

    /** `--mount type=bind|volume|tmpfs,source=...,destination=...[,ro][,...]`. */
    public static MountSpec mountFlag(String spec) {
        Map<String, String> kv = new LinkedHashMap<>();
        List<String> options = new ArrayList<>();
        for (String field : spec.split(",")) {
            int eq = field.indexOf('=');
            String key = eq < 0 ? field : field.substring(0, eq);
            String value = eq < 0 ? "" : field.substring(eq + 1);
            switch (key) {
                case "type", "src", "source", "dst", "destination", "target" -> kv.put(key.startsWith("s") ? "source"
                        : key.equals("type") ? "type" : "destination", value);
                case "ro", "readonly" -> {
                    if (value.isEmpty() || value.equals("true")) {
                        options.add("ro");
                    } else if (!value.equals("false")) {
                        throw new SkiffException("--mount `" + spec + "`: " + key + " takes true or false");
                    }
                }
                case "rw" -> options.add("rw");
                case "U", "chown" -> {
                    if (value.isEmpty() || value.equals("true")) {
                        options.add("U");
                    }
                }
                case "bind-propagation" -> options.add(flag("--mount", spec, value));
                case "bind-nonrecursive" -> {
                    if (value.isEmpty() || value.equals("true")) {
                        options.add("bind");
                    }
                }
                case "relabel", "consistency" -> { }
                case "volume-nocopy" -> options.add("nocopy");
                case "tmpfs-size" -> options.add("size=" + value);
                case "tmpfs-mode" -> options.add("mode=" + value);
                case "nosuid", "nodev", "noexec", "suid", "dev", "exec" -> options.add(key);
                default -> throw new SkiffException("--mount `" + spec + "`: unknown option `" + key + "` (type, source, "
                        + "destination, ro, U, bind-propagation, tmpfs-size, tmpfs-mode...)");
            }
        }
        String type = kv.getOrDefault("type", "volume");
        String dest = destination("--mount", spec, kv.getOrDefault("destination", ""));
        String source = kv.getOrDefault("source", "");
        return switch (type) {
            case "bind" -> {
                if (source.isEmpty()) {
                    throw new SkiffException("--mount `" + spec + "`: a bind mount needs source=HOST_PATH");
                }
                yield new MountSpec("bind", Path.of(source).toAbsolutePath().normalize().toString(), dest, options, false);
            }
            case "volume" -> {
                if (!source.isEmpty()) {
                    dev.skiff.runtime.volume.Volumes.checkName(source);
                }
                yield new MountSpec("volume", source, dest, options, source.isEmpty());
            }
            case "tmpfs" -> new MountSpec("tmpfs", "tmpfs", dest, withTmpfsDefaults(options), false);
            default -> throw new SkiffException("--mount `" + spec + "`: type is bind, volume or tmpfs");
        };
    }

    /** `--tmpfs DESTINATION[:OPTIONS]`: size=, mode=, ro, noexec... (default rw,noexec,nosuid,nodev). */
    public static MountSpec tmpfsFlag(String spec) {
        int colon = spec.indexOf(':');
        String dest = destination("--tmpfs", spec, colon < 0 ? spec : spec.substring(0, colon));
        List<String> options = new ArrayList<>();
        if (colon >= 0) {
            for (String o : spec.substring(colon + 1).split(",")) {
                if (o.startsWith("size=") || o.startsWith("mode=") || o.startsWith("uid=") || o.startsWith("gid=")
                        || o.startsWith("nr_inodes=")) {
                    options.add(o);
                } else if (!o.isEmpty()) {
                    options.add(flag("--tmpfs", spec, o));
                }
            }
        }
        return new MountSpec("tmpfs", "tmpfs", dest, withTmpfsDefaults(options), false);
    }

    private static List<String> withTmpfsDefaults(List<String> given) {
        List<String> out = new ArrayList<>(given);
        for (String d : TMPFS_DEFAULTS) {
            String opposite = d.startsWith("no") ? d.substring(2) : d.equals("rw") ? "ro" : "no" + d;
            if (!out.contains(d) && !out.contains(opposite)) {
                out.add(d);
            }
        }
        return out;
    }

    /** This mount with `ro` or `rw` from `--volumes-from CTR:ro|rw` in place of its own. */
    MountSpec withAccess(String access) {
        List<String> out = new ArrayList<>(options.stream().filter(o -> !o.equals("ro") && !o.equals("rw")).toList());
        out.add(access);
        return new MountSpec(type, source, destination, out, false);
    }

    /** The same mount of volume NAME (an anonymous volume once named). */
    MountSpec named(String name) {
        return new MountSpec(type, name, destination, options, anonymous);
    }

    /** The record kept with the container: --mount syntax with the resolved source. */
    String record() {
        return "type=" + type + ",source=" + source + ",destination=" + destination
                + (anonymous ? ",anonymous" : "") + (options.isEmpty() ? "" : "," + String.join(",", options));
    }

    static MountSpec parseRecord(String record) {
        Map<String, String> kv = new LinkedHashMap<>();
        List<String> options = new ArrayList<>();
        boolean anonymous = false;
        for (String field : record.split(",")) {
            int eq = field.indexOf('=');
            String key = eq < 0 ? field : field.substring(0, eq);
            if (List.of("type", "source", "destination").contains(key)) {
                kv.put(key, field.substring(eq + 1));
            } else if (key.equals("anonymous")) {
                anonymous = true;
            } else {
                options.add(field);
            }
        }
        return new MountSpec(kv.get("type"), kv.get("source"), kv.get("destination"), options, anonymous);
    }

    private static String destination(String flag, String spec, String dest) {
        if (!dest.startsWith("/")) {
            throw new SkiffException(flag + " `" + spec + "`: the container path `" + dest + "` must be absolute");
        }
        String normal = Path.of(dest).normalize().toString();
        if (normal.equals("/")) {
            throw new SkiffException(flag + " `" + spec + "`: cannot mount over the container's root");
        }
        return normal;
    }

    private static List<String> flags(String flag, String spec, String list) {
        List<String> out = new ArrayList<>();
        for (String o : list.split(",")) {
            out.add(flag(flag, spec, o));
        }
        return out;
    }

    private static String flag(String flag, String spec, String o) {
        if (o.equals("O")) {
            throw new SkiffException(flag + " `" + spec + "`: overlay volumes (O) are not supported; mount the "
                    + "directory, read-only if it must stay unchanged");
        }
        if (!FLAGS.contains(o)) {
            throw new SkiffException(flag + " `" + spec + "`: unknown option `" + o + "` (ro, rw, U, z, Z, nocopy, "
                    + "noexec, nosuid, nodev, bind, rbind, private, shared, slave...)");
        }
        return o;
    }
}

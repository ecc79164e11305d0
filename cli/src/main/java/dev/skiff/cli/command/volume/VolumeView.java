package dev.skiff.cli.command.volume;

import dev.skiff.runtime.SkiffException;
import dev.skiff.runtime.container.ContainerDir;
import dev.skiff.runtime.volume.Volume;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** A volume as podman shows it (`volume inspect`, `volume ls --format`), and its filters. */
final class VolumeView {
    private VolumeView() {}

    /** The view of V, whose users USERS has by volume name. */
    static Map<String, Object> of(Volume v, Map<String, List<ContainerDir>> users) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Name", v.name());
        m.put("Driver", "local");
        m.put("Mountpoint", v.mountpoint().toString());
        m.put("CreatedAt", v.created().toString());
        m.put("Labels", keyValues(v.labels()));
        m.put("Scope", "local");
        m.put("Options", keyValues(v.options()));
        m.put("MountCount", (int) users.getOrDefault(v.name(), List.of()).stream().filter(ContainerDir::running).count());
        m.put("NeedsCopyUp", v.needsCopyUp());
        m.put("NeedsChown", v.needsCopyUp());
        m.put("Anonymous", v.anonymous());
        return m;
    }

    /** The volumes NAMES name, or with ALL every one (not both, not neither). */
    static List<Volume> chosen(dev.skiff.runtime.volume.Volumes volumes, boolean all, List<String> names) {
        if (all == !names.isEmpty()) {
            throw new SkiffException("give volume names, or --all");
        }
        return all ? volumes.list() : names.stream().map(volumes::get).toList();
    }

    private static Map<String, String> keyValues(List<String> kvs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String kv : kvs) {
            int eq = kv.indexOf('=');
            m.put(eq < 0 ? kv : kv.substring(0, eq), eq < 0 ? "" : kv.substring(eq + 1));
        }
        return m;
    }

    /** name=, label=KEY[=VALUE], driver=, dangling=true|false: the same key ORs, different keys AND. */
    static Predicate<Volume> filter(List<String> specs, Map<String, List<ContainerDir>> users) {
        Map<String, List<String>> byKey = new LinkedHashMap<>();
        for (String f : specs) {
            int eq = f.indexOf('=');
            String key = eq < 0 ? "" : f.substring(0, eq);
            if (!List.of("name", "label", "driver", "dangling").contains(key)) {
                throw new SkiffException("--filter `" + f + "`: use name=, label=, driver= or dangling=");
            }
            byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(f.substring(eq + 1));
        }
        return v -> byKey.entrySet().stream().allMatch(e -> e.getValue().stream().anyMatch(value -> switch (e.getKey()) {
            case "name" -> v.name().contains(value);
            case "driver" -> value.equals("local");
            case "dangling" -> !users.containsKey(v.name()) == Boolean.parseBoolean(value);
            default -> v.labels().contains(value.contains("=") ? value : value + "=")
                    || (!value.contains("=") && v.labels().stream().anyMatch(l -> l.startsWith(value + "=")));
        }));
    }
}

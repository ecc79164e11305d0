package dev.skiff.runtime.image;

import dev.skiff.oci.json.Json;
import dev.skiff.runtime.SkiffException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * `--change` instructions (`commit -c`) applied to an image config's {@code config} object:
 * CMD, ENTRYPOINT, ENV, EXPOSE, LABEL, STOPSIGNAL, USER, VOLUME and WORKDIR, written as
 * {@code INSTRUCTION VALUE} or {@code INSTRUCTION=VALUE}, with Dockerfile meaning (a CMD that is not
 * a JSON array runs through {@code /bin/sh -c}).
 */
public final class ConfigChanges {
    private ConfigChanges() {}

    /** Applies each change to CONFIG (the config's {@code config} object, changed in place). */
    public static void apply(Map<String, Object> config, List<String> changes) {
        for (String change : changes) {
            String c = change.strip();
            int space = c.indexOf(' ');
            int eq = c.indexOf('=');
            int cut = space < 0 ? eq : eq < 0 ? space : Math.min(space, eq);
            if (cut <= 0) {
                throw bad(change, "give an instruction and a value, e.g. CMD=/bin/sh");
            }
            String instruction = c.substring(0, cut).toUpperCase(java.util.Locale.ROOT);
            String value = c.substring(cut + 1).strip();
            switch (instruction) {
                case "CMD" -> config.put("Cmd", command(value, change));
                case "ENTRYPOINT" -> config.put("Entrypoint", command(value, change));
                case "ENV" -> env(config, value, change);
                case "EXPOSE" -> {
                    for (String port : value.split("\\s+")) {
                        map(config, "ExposedPorts").put(port.contains("/") ? port : port + "/tcp", Map.of());
                    }
                }
                case "LABEL" -> {
                    String[] kv = keyValue(value, change);
                    @SuppressWarnings("unchecked")
                    Map<String, Object> labels = (Map<String, Object>) (Map<?, ?>) map(config, "Labels");
                    labels.put(kv[0], kv[1]);
                }
                case "STOPSIGNAL" -> config.put("StopSignal", value);
                case "USER" -> config.put("User", value);
                case "VOLUME" -> {
                    for (String v : value.startsWith("[") ? jsonArray(value, change) : List.of(value.split("\\s+"))) {
                        map(config, "Volumes").put(v, Map.of());
                    }
                }
                case "WORKDIR" -> config.put("WorkingDir", value);
                default -> throw bad(change, "`" + instruction + "` cannot be changed; use CMD, ENTRYPOINT, ENV, "
                        + "EXPOSE, LABEL, STOPSIGNAL, USER, VOLUME or WORKDIR");
            }
        }
    }

    private static List<String> command(String value, String change) {
        if (value.startsWith("[")) {
            return jsonArray(value, change);
        }
        return List.of("/bin/sh", "-c", value);
    }

    private static void env(Map<String, Object> config, String value, String change) {
        String[] kv = keyValue(value, change);
        List<String> env = new ArrayList<>();
        if (config.get("Env") instanceof List<?> l) {
            l.forEach(e -> env.add(String.valueOf(e)));
        }
        env.removeIf(e -> e.equals(kv[0]) || e.startsWith(kv[0] + "="));
        env.add(kv[0] + "=" + kv[1]);
        config.put("Env", env);
    }

    /** {@code KEY=VALUE} or {@code KEY VALUE}; quotes around the value are dropped. */
    private static String[] keyValue(String value, String change) {
        int eq = value.indexOf('=');
        int space = value.indexOf(' ');
        int cut = eq < 0 ? space : space < 0 ? eq : Math.min(eq, space);
        if (cut <= 0) {
            throw bad(change, "give KEY=VALUE");
        }
        String v = value.substring(cut + 1).strip();
        if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
            v = v.substring(1, v.length() - 1);
        }
        return new String[] {value.substring(0, cut), v};
    }

    private static List<String> jsonArray(String value, String change) {
        try {
            List<?> parsed = Json.read(value.getBytes(java.nio.charset.StandardCharsets.UTF_8), List.class);
            List<String> out = new ArrayList<>();
            for (Object o : parsed) {
                if (!(o instanceof String s)) {
                    throw bad(change, "the JSON array must hold strings only");
                }
                out.add(s);
            }
            return out;
        } catch (IllegalArgumentException e) {
            throw bad(change, "not a JSON array of strings: " + e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> config, String key) {
        Object m = config.get(key);
        if (!(m instanceof Map<?, ?>)) {
            m = new LinkedHashMap<String, Object>();
            config.put(key, m);
        }
        return (Map<String, Object>) m;
    }

    private static SkiffException bad(String change, String why) {
        return new SkiffException("--change `" + change + "`: " + why);
    }
}

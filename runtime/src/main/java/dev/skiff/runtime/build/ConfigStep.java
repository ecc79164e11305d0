package dev.skiff.runtime.build;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The instructions that change only the image config: ENV, LABEL, EXPOSE, VOLUME, USER, WORKDIR,
 * CMD, ENTRYPOINT, SHELL, STOPSIGNAL, HEALTHCHECK, ONBUILD, MAINTAINER. Each is one history
 * entry without a layer, except a WORKDIR that must create its directory.
 */
final class ConfigStep {
    private ConfigStep() {}

    static StageBuild.Step prepare(StageBuild s, Instruction i) {
        Map<String, Object> doc = s.docCopy();
        Map<String, Object> config = StageBuild.configOf(doc);
        String createdBy = "/bin/sh -c #(nop) " + i.original();
        boolean mkdir = false;
        switch (i.keyword()) {
            case "ENV" -> {
                List<String> env = new ArrayList<>(s.env());
                pairs(s, i, true).forEach((k, v) -> {
                    env.removeIf(e -> e.equals(k) || e.startsWith(k + "="));
                    env.add(k + "=" + v);
                });
                config.put("Env", env);
            }
            case "LABEL" -> {
                Map<String, Object> labels = map(config, "Labels");
                labels.putAll(pairs(s, i, true));
            }
            case "MAINTAINER" -> doc.put("author", i.text().strip());
            case "EXPOSE" -> {
                Map<String, Object> ports = map(config, "ExposedPorts");
                for (String p : s.words(i)) {
                    String port = p.contains("/") ? p.toLowerCase(java.util.Locale.ROOT) : p + "/tcp";
                    if (!port.matches("[0-9]+(-[0-9]+)?/(tcp|udp|sctp)")) {
                        throw s.error(i, "EXPOSE `" + p + "`: expected PORT[/tcp|/udp|/sctp]");
                    }
                    ports.put(port, Map.of());
                }
            }
            case "VOLUME" -> {
                Map<String, Object> volumes = map(config, "Volumes");
                List<String> paths = i.json() != null ? i.json().stream().map(v -> s.expand(i, v)).toList() : s.words(i);
                for (String v : paths) {
                    if (v.isEmpty()) {
                        throw s.error(i, "VOLUME needs a path");
                    }
                    volumes.put(v, Map.of());
                }
            }
            case "USER" -> config.put("User", s.expand(i, i.text().strip()));
            case "WORKDIR" -> {
                String dir = s.expand(i, i.text().strip());
                String abs = dir.startsWith("/") ? dir : s.workdir().replaceAll("/+$", "") + "/" + dir;
                abs = java.nio.file.Path.of(abs).normalize().toString();
                config.put("WorkingDir", abs);
                mkdir = !LayerPaths.exists(s, abs);
            }
            case "CMD" -> {
                config.put("Cmd", command(s, i));
                s.cmdSet = true;
            }
            case "ENTRYPOINT" -> {
                config.put("Entrypoint", command(s, i));
                if (!s.cmdSet) {
                    config.remove("Cmd"); // as docker: an inherited CMD does not outlive a new ENTRYPOINT
                }
            }
            case "SHELL" -> {
                if (i.json() == null || i.json().isEmpty()) {
                    throw s.error(i, "SHELL must be a JSON array, e.g. SHELL [\"/bin/bash\", \"-c\"]");
                }
                config.put("Shell", i.json());
            }
            case "STOPSIGNAL" -> config.put("StopSignal", s.expand(i, i.text().strip()));
            case "HEALTHCHECK" -> config.put("Healthcheck", healthcheck(s, i));
            case "ONBUILD" -> {
                List<Object> triggers = new ArrayList<>(config.get("OnBuild") instanceof List<?> l ? l : List.of());
                triggers.add(i.text().strip());
                config.put("OnBuild", triggers);
            }
            default -> throw s.error(i, "unknown instruction `" + i.keyword() + "`");
        }
        boolean withLayer = mkdir;
        return new StageBuild.Step() {
            @Override
            public String keyParts() {
                return "";
            }

            @Override
            public String make() {
                if (withLayer) {
                    return WorkingContainer.withMounted(s, (root, dir) -> {
                        CopyStep.mkdirs(root, String.valueOf(config.get("WorkingDir")), CopyStep.Attributes.ROOT);
                    }, doc, createdBy);
                }
                return s.b.commit.commit(doc, s.layerCount, null, createdBy);
            }
        };
    }

    /** CMD and ENTRYPOINT: the exec form as written, or the shell form through SHELL. */
    private static List<String> command(StageBuild s, Instruction i) {
        if (i.json() != null) {
            return i.json();
        }
        List<String> argv = new ArrayList<>(s.shell());
        argv.add(i.text().strip());
        return argv;
    }

    /** `HEALTHCHECK [--interval=D] [--timeout=D] [--start-period=D] [--retries=N] CMD …` or `HEALTHCHECK NONE`. */
    private static Map<String, Object> healthcheck(StageBuild s, Instruction i) {
        Map<String, Object> hc = new LinkedHashMap<>();
        String text = i.text().strip();
        if (text.equalsIgnoreCase("NONE")) {
            hc.put("Test", List.of("NONE"));
            return hc;
        }
        String[] cut = text.split("\\s+", 2);
        if (!cut[0].equalsIgnoreCase("CMD") || cut.length < 2) {
            throw s.error(i, "expected `HEALTHCHECK [OPTIONS] CMD command` or `HEALTHCHECK NONE`");
        }
        String cmd = cut[1].strip();
        List<String> test = new ArrayList<>();
        List<String> json = i.json(); // the parser's exec form of what follows CMD
        if (json != null) {
            test.add("CMD");
            test.addAll(json);
        } else {
            test.add("CMD-SHELL");
            test.add(cmd);
        }
        hc.put("Test", test);
        for (String f : List.of("interval", "timeout", "start-period", "start-interval")) {
            String v = i.flag(f);
            if (v != null) {
                try {
                    hc.put(switch (f) {
                        case "interval" -> "Interval";
                        case "timeout" -> "Timeout";
                        case "start-period" -> "StartPeriod";
                        default -> "StartInterval";
                    }, nanos(v));
                } catch (RuntimeException e) {
                    throw s.error(i, "HEALTHCHECK --" + f + "=" + v + ": not a duration such as 30s or 1m");
                }
            }
        }
        String retries = i.flag("retries");
        if (retries != null) {
            try {
                hc.put("Retries", Integer.parseInt(retries));
            } catch (NumberFormatException e) {
                throw s.error(i, "HEALTHCHECK --retries=" + retries + ": not a number");
            }
        }
        return hc;
    }

    /** A Go duration (`30s`, `1m30s`, `500ms`, `1h`) in nanoseconds. */
    static long nanos(String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ns|us|ms|s|m|h)").matcher(text);
        long total = 0;
        int end = 0;
        while (m.find() && m.start() == end) {
            double n = Double.parseDouble(m.group(1));
            long unit = switch (m.group(2)) {
                case "ns" -> 1L;
                case "us" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L;
            };
            total += (long) (n * unit);
            end = m.end();
        }
        if (end == 0 || end != text.length()) {
            throw new IllegalArgumentException("not a duration: " + text);
        }
        return total;
    }

    private static Map<String, String> pairs(StageBuild s, Instruction i, boolean legacy) {
        try {
            Map<String, String> p = ShellWords.pairs(i.text(), s.escape, s.lookup(), legacy);
            if (p.isEmpty()) {
                throw s.error(i, i.keyword() + " needs KEY=VALUE");
            }
            return p;
        } catch (IllegalArgumentException e) {
            throw s.error(i, e.getMessage());
        }
    }

    /** A map of the config, its keys sorted as Go writes them. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> config, String key) {
        Map<String, Object> m = config.get(key) instanceof Map<?, ?> old
                ? new java.util.TreeMap<>((Map<String, Object>) old) : new java.util.TreeMap<>();
        config.put(key, m);
        return m;
    }
}

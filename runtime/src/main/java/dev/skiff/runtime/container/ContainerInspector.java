package dev.skiff.runtime.container;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A container's details shaped like `podman container inspect` output. */
public final class ContainerInspector {
    private static final String ZERO_TIME = "0001-01-01T00:00:00Z";

    private ContainerInspector() {}

    public static Map<String, Object> inspect(ContainerDir c) {
        List<String> argv = c.command();
        boolean running = c.running();
        String status = Containers.status(c);
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("Status", status);
        state.put("Running", running);
        state.put("Paused", status.equals("paused"));
        state.put("Restarting", false);
        state.put("OOMKilled", c.oomKilled());
        state.put("Dead", false);
        state.put("Pid", running ? c.pid().orElse(0) : 0);
        state.put("ExitCode", c.exit().map(ContainerDir.Exit::code).orElse(0));
        state.put("Error", running ? "" : c.exitReason());
        state.put("StartedAt", c.started().map(Instant::toString).orElse(ZERO_TIME));
        state.put("FinishedAt", running ? ZERO_TIME : c.exit().map(e -> e.at().toString()).orElse(ZERO_TIME));

        Map<String, Object> config = new LinkedHashMap<>();
        config.put("Hostname", hostname(c));
        config.put("Tty", c.tty());
        config.put("User", c.identity().uid() + ":" + c.identity().gid());
        config.put("Env", c.env());
        config.put("Cmd", argv);
        config.put("Image", c.image());
        config.put("WorkingDir", c.workdir());
        config.put("StopSignal", c.stopSignal().isEmpty() ? "SIGTERM" : c.stopSignal());
        config.put("StopTimeout", c.stopTimeout().toSeconds());
        config.put("Labels", keyValues(c.labels()));
        config.put("Annotations", keyValues(c.annotations()));

        Map<String, Object> driverData = new LinkedHashMap<>();
        driverData.put("LowerDir", String.join(":", c.filesTopFirst().subList(1, c.filesTopFirst().size()).stream()
                .map(Object::toString).toList()));
        driverData.put("UpperDir", c.upper().toString());
        driverData.put("WorkDir", c.work().toString());

        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Id", c.id());
        m.put("Created", c.created().toString());
        m.put("Path", argv.isEmpty() ? "" : argv.getFirst());
        m.put("Args", argv.isEmpty() ? List.of() : argv.subList(1, argv.size()));
        m.put("State", state);
        m.put("Image", c.imageId());
        m.put("ImageName", c.image());
        m.put("Name", c.name());
        m.put("RestartCount", c.restartCount());
        m.put("Driver", "overlay");
        m.put("GraphDriver", Map.of("Name", "overlay", "Data", driverData));
        m.put("Mounts", mounts(c));
        m.put("Config", config);
        Map<String, Object> hostConfig = new LinkedHashMap<>();
        hostConfig.put("AutoRemove", c.autoRemove());
        hostConfig.put("Init", c.init());
        hostConfig.put("UsernsMode", c.usernsMode());
        RestartPolicy restart = c.restartPolicy();
        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put("Name", restart.name().equals("no") ? "" : restart.name());
        policy.put("MaximumRetryCount", restart.maxRetries());
        hostConfig.put("RestartPolicy", policy);
        LogConfig log = c.logConfig();
        Map<String, Object> logConfig = new LinkedHashMap<>();
        logConfig.put("Type", log.driver());
        logConfig.put("Path", log.readable() ? c.log().toString() : "");
        logConfig.put("Size", log.maxSize() > 0 ? Long.toString(log.maxSize()) : "0B");
        hostConfig.put("LogConfig", logConfig);
        hostConfig.put("NetworkMode", c.networkMode());
        hostConfig.put("PortBindings", portBindings(c));
        m.put("HostConfig", hostConfig);
        Map<String, Object> network = new LinkedHashMap<>();
        network.put("Ports", portBindings(c));
        m.put("NetworkSettings", network);
        m.put("LogPath", c.logConfig().readable() ? c.log().toString() : "");
        return m;
    }

    /** {"80/tcp": [{"HostIp": "", "HostPort": "8080"}]}: podman's NetworkSettings.Ports and HostConfig.PortBindings. */
    private static Map<String, Object> portBindings(ContainerDir c) {
        Map<String, Object> ports = new LinkedHashMap<>();
        for (PortMapping range : c.ports()) {
            for (PortMapping p : range.single()) {
                Map<String, String> binding = new LinkedHashMap<>();
                binding.put("HostIp", p.hostIp());
                binding.put("HostPort", Integer.toString(p.hostPort()));
                @SuppressWarnings("unchecked")
                List<Object> list = (List<Object>) ports.computeIfAbsent(p.containerPort() + "/" + p.protocol(),
                        k -> new java.util.ArrayList<>());
                list.add(binding);
            }
        }
        return ports;
    }

    /** podman's Mounts: volumes and binds (tmpfs mounts are not listed there). */
    private static List<Map<String, Object>> mounts(ContainerDir c) {
        List<Map<String, Object>> out = new java.util.ArrayList<>();
        for (MountSpec spec : c.mounts()) {
            if (spec.type().equals("tmpfs")) {
                continue;
            }
            boolean volume = spec.type().equals("volume");
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("Type", spec.type());
            if (volume) {
                m.put("Name", spec.source());
            }
            m.put("Source", volume ? c.volumeSource(spec.source()) : spec.source());
            m.put("Destination", spec.destination());
            m.put("Driver", volume ? "local" : "");
            m.put("Mode", "");
            List<String> options = new java.util.ArrayList<>(spec.options().stream()
                    .filter(o -> !o.equals("ro") && !o.equals("rw")).toList());
            if (!options.contains("bind")) {
                options.add("rbind");
            }
            m.put("Options", options);
            m.put("RW", !spec.readOnly());
            m.put("Propagation", "rprivate");
            out.add(m);
        }
        return out;
    }

    private static Map<String, String> keyValues(List<String> kvs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String kv : kvs) {
            int eq = kv.indexOf('=');
            m.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return m;
    }

    private static String hostname(ContainerDir c) {
        try {
            return Files.readString(c.userdata().resolve("hostname")).strip();
        } catch (IOException e) {
            return "";
        }
    }
}

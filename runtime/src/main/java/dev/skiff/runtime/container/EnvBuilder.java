package dev.skiff.runtime.container;

import dev.skiff.runtime.SkiffException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The container's environment: the image's, skiff's defaults, then --env-file, then -e. */
public final class EnvBuilder {
    static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private EnvBuilder() {}

    public static List<String> build(List<String> imageEnv, List<Path> envFiles, List<String> flags,
                                     String hostname, String home) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", DEFAULT_PATH);
        for (String kv : imageEnv) {
            put(env, kv, "image");
        }
        env.put("container", "skiff");
        env.put("HOSTNAME", hostname);
        env.putIfAbsent("HOME", home);
        for (Path file : envFiles) {
            for (String line : readEnvFile(file)) {
                put(env, line, "--env-file " + file);
            }
        }
        for (String kv : flags) {
            put(env, kv, "-e");
        }
        List<String> out = new ArrayList<>(env.size());
        env.forEach((k, v) -> out.add(k + "=" + v));
        return out;
    }

    /** BASE (a container's KEY=VALUE list) with `-e` FLAGS applied on top, for `exec`. */
    public static List<String> withFlags(List<String> base, List<String> flags) {
        Map<String, String> env = new LinkedHashMap<>();
        base.forEach(kv -> put(env, kv, "container"));
        flags.forEach(kv -> put(env, kv, "-e"));
        List<String> out = new ArrayList<>(env.size());
        env.forEach((k, v) -> out.add(k + "=" + v));
        return out;
    }

    /** `KEY=VALUE`, or `KEY` alone to take the caller's value (skipped when the caller has none). */
    private static void put(Map<String, String> env, String kv, String from) {
        int eq = kv.indexOf('=');
        String key = eq < 0 ? kv : kv.substring(0, eq);
        if (key.isEmpty() || key.indexOf('\0') >= 0) {
            throw new SkiffException(from + ": invalid environment variable `" + kv + "`");
        }
        if (eq >= 0) {
            env.put(key, kv.substring(eq + 1));
        } else {
            String v = System.getenv(key);
            if (v != null) {
                env.put(key, v);
            }
        }
    }

    private static List<String> readEnvFile(Path file) {
        try {
            List<String> out = new ArrayList<>();
            for (String line : Files.readAllLines(file)) {
                String t = line.strip();
                if (!t.isEmpty() && !t.startsWith("#")) {
                    out.add(line.stripLeading());
                }
            }
            return out;
        } catch (IOException e) {
            throw new SkiffException("--env-file " + file + ": " + reason(e), e);
        }
    }

    static String reason(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage();
    }
}

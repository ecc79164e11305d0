package dev.skiff.runtime.build;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * ARG: the build arguments in scope, as docker has them. Those before the first FROM (and the
 * automatic platform ones) serve FROM lines; a stage sees one only after its own `ARG NAME`,
 * which takes `--build-arg`'s value, else its default, else the global one.
 */
final class BuildArgs {
    private BuildArgs() {}

    /** TARGETPLATFORM and its kin, for PLATFORM (os/arch[/variant], or null for this host). */
    static Map<String, String> automatic(String platform) {
        String p = platform == null || platform.isEmpty() ? "linux/amd64" : platform;
        String[] parts = p.split("/");
        Map<String, String> out = new LinkedHashMap<>();
        out.put("TARGETPLATFORM", p);
        out.put("TARGETOS", parts[0]);
        out.put("TARGETARCH", parts.length > 1 ? parts[1] : "amd64");
        out.put("TARGETVARIANT", parts.length > 2 ? parts[2] : "");
        out.put("BUILDPLATFORM", "linux/amd64");
        out.put("BUILDOS", "linux");
        out.put("BUILDARCH", "amd64");
        out.put("BUILDVARIANT", "");
        return out;
    }

    /** The global scope: the automatic arguments, then the ARGs before the first FROM. */
    static Map<String, String> global(ImageBuilder b, List<Instruction> args, char escape) {
        Map<String, String> scope = new LinkedHashMap<>(automatic(b.options.platform()));
        for (Instruction i : args) {
            declare(b, i, escape, scope, Map.of(), scope::get);
        }
        return scope;
    }

    /**
     * Declares the arguments of ARG instruction I in SCOPE; GLOBALS gives values to names declared
     * without one; LOOKUP expands defaults.
     */
    static void declare(ImageBuilder b, Instruction i, char escape, Map<String, String> scope,
                        Map<String, String> globals, Function<String, String> lookup) {
        List<String> words;
        try {
            words = ShellWords.words(i.text(), escape, lookup);
        } catch (IllegalArgumentException e) {
            throw BuildStages.error(b.stages.file(), i, e.getMessage());
        }
        if (words.isEmpty()) {
            throw BuildStages.error(b.stages.file(), i, "ARG needs a name, e.g. `ARG VERSION=1.0`");
        }
        for (String w : words) {
            int eq = w.indexOf('=');
            String name = eq < 0 ? w : w.substring(0, eq);
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw BuildStages.error(b.stages.file(), i, "ARG name `" + name + "`: use letters, digits and `_`");
            }
            String value;
            if (b.options.buildArgs().containsKey(name)) {
                value = given(b, name);
                b.usedArgs.add(name);
            } else if (eq >= 0) {
                value = w.substring(eq + 1);
            } else {
                value = globals.get(name);
            }
            scope.put(name, value);
        }
    }

    /** `--build-arg NAME=VALUE`'s value, or for `--build-arg NAME` the caller's environment's. */
    static String given(ImageBuilder b, String name) {
        String v = b.options.buildArgs().get(name);
        return v != null ? v : System.getenv(name);
    }
}

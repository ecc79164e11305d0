package dev.skiff.runtime.container;

import dev.skiff.runtime.SkiffException;
import java.util.ArrayList;
import java.util.List;

/** The argv of a container: image ENTRYPOINT and CMD combined with the user's overrides, docker's rules. */
public final class Entrypoint {
    private Entrypoint() {}

    /**
     * `--entrypoint` replaces the image's entrypoint and drops its CMD; arguments after the
     * image replace CMD.
     */
    public static List<String> argv(List<String> imageEntrypoint, List<String> imageCmd,
                                    java.util.Optional<String> entrypointFlag, List<String> command) {
        List<String> argv = new ArrayList<>(entrypointFlag.map(Entrypoint::parseFlag).orElse(imageEntrypoint));
        if (!command.isEmpty()) {
            argv.addAll(command);
        } else if (entrypointFlag.isEmpty()) {
            argv.addAll(imageCmd);
        }
        return argv;
    }

    /** The entrypoint the container runs: `--entrypoint`'s when given, else the image's. */
    public static List<String> effective(List<String> imageEntrypoint, java.util.Optional<String> entrypointFlag) {
        return entrypointFlag.map(Entrypoint::parseFlag).orElse(imageEntrypoint == null ? List.of() : imageEntrypoint);
    }

    /** `--entrypoint` is one command, or a JSON array of strings like `["sh","-c"]`. */
    static List<String> parseFlag(String flag) {
        String s = flag.strip();
        if (s.isEmpty()) {
            return List.of();
        }
        if (!s.startsWith("[")) {
            return List.of(flag);
        }
        return parseJsonStringArray(s);
    }

    private static List<String> parseJsonStringArray(String s) {
        List<String> out = new ArrayList<>();
        int i = 1;
        int n = s.length();
        while (true) {
            i = skipSpace(s, i);
            if (i < n && s.charAt(i) == ']' && out.isEmpty()) {
                i++;
                break;
            }
            if (i >= n || s.charAt(i) != '"') {
                throw bad(s);
            }
            StringBuilder b = new StringBuilder();
            i++;
            while (i < n && s.charAt(i) != '"') {
                char c = s.charAt(i++);
                if (c == '\\' && i < n) {
                    char e = s.charAt(i++);
                    switch (e) {
                        case 'n' -> b.append('\n');
                        case 't' -> b.append('\t');
                        case 'r' -> b.append('\r');
                        case 'b' -> b.append('\b');
                        case 'f' -> b.append('\f');
                        case 'u' -> {
                            if (i + 4 > n) {
                                throw bad(s);
                            }
                            b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                            i += 4;
                        }
                        default -> b.append(e);
                    }
                } else {
                    b.append(c);
                }
            }
            if (i >= n) {
                throw bad(s);
            }
            out.add(b.toString());
            i = skipSpace(s, i + 1);
            if (i < n && s.charAt(i) == ',') {
                i++;
                continue;
            }
            if (i < n && s.charAt(i) == ']') {
                i++;
                break;
            }
            throw bad(s);
        }
        if (skipSpace(s, i) != n) {
            throw bad(s);
        }
        return out;
    }

    private static int skipSpace(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static SkiffException bad(String s) {
        return new SkiffException("--entrypoint `" + s + "`: not a command nor a JSON array of strings");
    }
}

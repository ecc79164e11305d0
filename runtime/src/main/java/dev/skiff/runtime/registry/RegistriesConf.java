package dev.skiff.runtime.registry;

import dev.skiff.oci.reference.ImageReference;
import dev.skiff.runtime.SkiffException;
import dev.skiff.runtime.config.Toml;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * registries.conf (v2), as podman reads it: short-name search registries, per-prefix
 * {@code [[registry]]} rules (location rewrite, insecure, blocked, mirrors) and {@code [aliases]}.
 */
public final class RegistriesConf {
    /** A {@code [[registry.mirror]]} entry. */
    public record Mirror(String location, boolean insecure) {}

    /** A {@code [[registry]]} entry; {@code prefix} defaults to {@code location}. */
    public record Registry(String prefix, String location, boolean insecure, boolean blocked, List<Mirror> mirrors) {
        public Registry {
            mirrors = List.copyOf(mirrors);
        }
    }

    /** Where to fetch a repository from: a host[:port], the path on it, whether plain HTTP is allowed. */
    public record Endpoint(String host, String path, boolean insecure) {}

    private final List<String> searchRegistries;
    private final List<Registry> registries;
    private final Map<String, String> aliases;
    private final boolean searchSet;

    RegistriesConf(List<String> searchRegistries, List<Registry> registries, Map<String, String> aliases,
                   boolean searchSet) {
        this.searchSet = searchSet;
        this.searchRegistries = List.copyOf(searchRegistries);
        this.registries = List.copyOf(registries);
        this.aliases = Map.copyOf(aliases);
    }

    /** An empty configuration: docker.io for short names, no rules. */
    public static RegistriesConf empty() {
        return new RegistriesConf(List.of(), List.of(), Map.of(), false);
    }

    /**
     * The configuration of this environment: {@code $CONTAINERS_REGISTRIES_CONF} alone when set,
     * else {@code ~/.config/containers/registries.conf} or {@code /etc/containers/registries.conf},
     * then the {@code registries.conf.d/*.conf} drop-ins of both places in name order.
     */
    public static RegistriesConf load(Map<String, String> env) {
        List<Path> files = new ArrayList<>();
        String explicit = env.get("CONTAINERS_REGISTRIES_CONF");
        if (explicit != null && !explicit.isEmpty()) {
            files.add(Path.of(explicit));
        } else {
            String home = env.getOrDefault("HOME", System.getProperty("user.home"));
            String xdg = env.get("XDG_CONFIG_HOME");
            Path userDir = xdg != null && !xdg.isEmpty() ? Path.of(xdg, "containers") : Path.of(home, ".config", "containers");
            Path systemDir = Path.of("/etc/containers");
            Path user = userDir.resolve("registries.conf");
            files.add(Files.isRegularFile(user) ? user : systemDir.resolve("registries.conf"));
            files.addAll(dropIns(systemDir.resolve("registries.conf.d")));
            files.addAll(dropIns(userDir.resolve("registries.conf.d")));
        }
        RegistriesConf conf = empty();
        for (Path f : files) {
            if (Files.isRegularFile(f)) {
                try {
                    conf = conf.overlay(parse(Files.readString(f, StandardCharsets.UTF_8), "registries.conf `" + f + "`"));
                } catch (IOException e) {
                    throw new SkiffException("registries.conf `" + f + "`: " + e.getMessage(), e);
                }
            }
        }
        return conf;
    }

    private static List<Path> dropIns(Path dir) {
        List<Path> out = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.conf")) {
                ds.forEach(out::add);
            } catch (IOException e) {
                throw new SkiffException("registries.conf.d `" + dir + "`: " + e.getMessage(), e);
            }
        }
        out.sort(null);
        return out;
    }

    /** Parses one file's text; {@code what} names it in errors. */
    @SuppressWarnings("unchecked")
    public static RegistriesConf parse(String text, String what) {
        List<String> search = null;
        List<Registry> registries = new ArrayList<>();
        Map<String, String> aliases = new LinkedHashMap<>();
        Map<String, Object> registry = null;
        List<Mirror> mirrors = new ArrayList<>();
        for (Toml.Table t : Toml.parse(text, what)) {
            switch (t.name()) {
                case "" -> {
                    Object s = t.values().get("unqualified-search-registries");
                    if (s != null) {
                        search = (List<String>) requireType(s, List.class, what, "unqualified-search-registries");
                    }
                }
                case "registry" -> {
                    if (registry != null) {
                        registries.add(toRegistry(registry, mirrors, what));
                    }
                    registry = t.values();
                    mirrors = new ArrayList<>();
                }
                case "registry.mirror" -> {
                    if (registry == null) {
                        throw new SkiffException(what + ": [[registry.mirror]] before any [[registry]]");
                    }
                    mirrors.add(new Mirror(string(t.values(), "location", what),
                            bool(t.values(), "insecure", what)));
                }
                case "aliases" -> t.values().forEach((k, v) ->
                        aliases.put(k, (String) requireType(v, String.class, what, "aliases." + k)));
                default -> { } // other tables (v1 [registries.*], [[registry]] extensions) are not used
            }
        }
        if (registry != null) {
            registries.add(toRegistry(registry, mirrors, what));
        }
        return new RegistriesConf(search == null ? List.of() : search, registries, aliases, search != null);
    }

    private static Registry toRegistry(Map<String, Object> v, List<Mirror> mirrors, String what) {
        String location = string(v, "location", what);
        String prefix = string(v, "prefix", what);
        if (prefix.isEmpty()) {
            prefix = location;
        }
        if (prefix.isEmpty()) {
            throw new SkiffException(what + ": a [[registry]] has neither `prefix` nor `location`");
        }
        return new Registry(prefix, location, bool(v, "insecure", what), bool(v, "blocked", what), mirrors);
    }

    private static String string(Map<String, Object> v, String key, String what) {
        Object o = v.get(key);
        return o == null ? "" : (String) requireType(o, String.class, what, key);
    }

    private static boolean bool(Map<String, Object> v, String key, String what) {
        Object o = v.get(key);
        return o != null && (Boolean) requireType(o, Boolean.class, what, key);
    }

    private static Object requireType(Object o, Class<?> type, String what, String key) {
        if (!type.isInstance(o)) {
            throw new SkiffException(what + ": `" + key + "` must be a " + type.getSimpleName().toLowerCase()
                    .replace("list", "list of strings").replace("boolean", "boolean (true or false)"));
        }
        return o;
    }

    /** This configuration with {@code later}'s settings taking precedence (a drop-in). */
    RegistriesConf overlay(RegistriesConf later) {
        Map<String, Registry> byPrefix = new LinkedHashMap<>();
        registries.forEach(r -> byPrefix.put(r.prefix(), r));
        later.registries.forEach(r -> byPrefix.put(r.prefix(), r));
        Map<String, String> a = new LinkedHashMap<>(aliases);
        a.putAll(later.aliases);
        boolean laterSearch = later.searchSet;
        return new RegistriesConf(laterSearch ? later.searchRegistries : searchRegistries,
                new ArrayList<>(byPrefix.values()), a, laterSearch || searchSet);
    }

    /** Registries to try for a short name, in order: docker.io when none is configured. */
    public List<String> searchRegistries() {
        return searchRegistries.isEmpty() ? List.of(ImageReference.DOCKER_DOMAIN) : searchRegistries;
    }

    /** The alias of a short name ({@code busybox} → {@code docker.io/library/busybox}), or null. */
    public String alias(String typedPath) {
        return aliases.get(typedPath);
    }

    /** The {@code [[registry]]} with the longest prefix matching {@code ref}, or null. */
    public Registry registryFor(ImageReference ref) {
        String repo = ref.repository();
        Registry best = null;
        int bestLength = -1;
        for (Registry r : registries) {
            int length = matchLength(r.prefix(), ref.domain(), repo);
            if (length > bestLength) {
                best = r;
                bestLength = length;
            }
        }
        return best;
    }

    private static int matchLength(String prefix, String domain, String repo) {
        if (prefix.startsWith("*.")) {
            String suffix = prefix.substring(1);
            return domain.endsWith(suffix) ? prefix.length() : -1;
        }
        if (repo.equals(prefix)) {
            return prefix.length();
        }
        if (repo.startsWith(prefix) && "/:@".indexOf(repo.charAt(prefix.length())) >= 0) {
            return prefix.length();
        }
        return -1;
    }

    /**
     * Where to pull {@code ref} from: its mirrors, then its (possibly rewritten) location.
     *
     * @throws SkiffException when a rule blocks the reference
     */
    public List<Endpoint> endpoints(ImageReference ref) {
        Registry r = registryFor(ref);
        if (r == null) {
            return List.of(new Endpoint(ref.domain(), ref.path(), false));
        }
        if (r.blocked()) {
            throw new SkiffException("registry " + ref.domain() + ": " + ref + " is blocked in registries.conf "
                    + "(prefix `" + r.prefix() + "`)");
        }
        List<Endpoint> out = new ArrayList<>();
        for (Mirror m : r.mirrors()) {
            out.add(rewrite(ref, r.prefix(), m.location(), m.insecure()));
        }
        out.add(r.location().isEmpty() || r.prefix().startsWith("*.")
                ? new Endpoint(ref.domain(), ref.path(), r.insecure())
                : rewrite(ref, r.prefix(), r.location(), r.insecure()));
        return out;
    }

    private static Endpoint rewrite(ImageReference ref, String prefix, String location, boolean insecure) {
        String repo = ref.repository();
        String rewritten = prefix.startsWith("*.") ? location + "/" + ref.path()
                : location + repo.substring(prefix.length());
        int slash = rewritten.indexOf('/');
        if (slash < 0) {
            throw new SkiffException("registries.conf: location `" + location + "` leaves no repository path for " + ref);
        }
        return new Endpoint(rewritten.substring(0, slash), rewritten.substring(slash + 1), insecure);
    }
}

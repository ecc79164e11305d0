package dev.skiff.cli.command.registry;

import dev.skiff.runtime.registry.AuthFile;
import dev.skiff.runtime.registry.Credentials;
import dev.skiff.runtime.registry.PlatformSelector;
import dev.skiff.runtime.registry.PullOptions;
import dev.skiff.runtime.registry.RegistriesConf;
import java.util.Map;

/** Turns the registry options that pull, run and login share into the runtime's {@link PullOptions}. */
public final class RegistryOptions {
    private RegistryOptions() {}

    /** Pull options from the command's values; any may be null. */
    public static PullOptions pullOptions(String platform, String arch, String variant, Boolean tlsVerify, String creds,
                                          String authfile) {
        Map<String, String> env = System.getenv();
        return new PullOptions(PlatformSelector.of(platform, arch, variant), tlsVerify,
                creds == null ? null : Credentials.parse(creds), AuthFile.of(authfile, env), RegistriesConf.load(env),
                home(env));
    }

    static String home(Map<String, String> env) {
        String h = env.get("HOME");
        return h != null && !h.isEmpty() ? h : System.getProperty("user.home");
    }

    /** {@code host[:port]} of what a user types after `login`: a bare host, or a URL or path under it. */
    static String registryHost(String input) {
        String s = input;
        int scheme = s.indexOf("://");
        if (scheme >= 0) {
            s = s.substring(scheme + 3);
        }
        int slash = s.indexOf('/');
        if (slash >= 0) {
            s = s.substring(0, slash);
        }
        return s.equals("index.docker.io") || s.equals("registry-1.docker.io") ? "docker.io" : s;
    }
}

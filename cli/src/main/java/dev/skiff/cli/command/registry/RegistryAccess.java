package dev.skiff.cli.command.registry;

import dev.skiff.runtime.registry.PullOptions;
import picocli.CommandLine.Option;

/** The options `pull` and `push` share for reaching a registry: TLS, credentials, auth file. */
public final class RegistryAccess {
    @Option(names = "--tls-verify", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "Require HTTPS and verify certificates (false also allows plain HTTP)")
    Boolean tlsVerify;

    @Option(names = "--creds", paramLabel = "USER:PASS", description = "Credentials for the registry")
    String creds;

    @Option(names = "--authfile", paramLabel = "FILE", description = "Path of the authentication file")
    String authfile;

    /** Applies the `--pull` POLICY to IMAGE (see {@link RunPull}) with these options; progress on ERR. */
    public void pull(dev.skiff.runtime.storage.StorePaths paths, String image, String policy, java.io.PrintWriter err) {
        RunPull.apply(paths, image, policy, tlsVerify == null ? null : tlsVerify.toString(), creds, authfile, err);
    }

    /** The runtime's options, picking PLATFORM, ARCH and VARIANT (any may be null) from a manifest list. */
    PullOptions options(String platform, String arch, String variant) {
        return RegistryOptions.pullOptions(platform, arch, variant, tlsVerify, creds, authfile);
    }
}

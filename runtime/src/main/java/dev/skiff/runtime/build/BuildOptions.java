package dev.skiff.runtime.build;

import dev.skiff.runtime.container.NetworkOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What `build` was asked.
 *
 * @param context    the build context directory
 * @param dockerfile the Containerfile or Dockerfile
 * @param tags       `-t` names for the result, in order
 * @param buildArgs  `--build-arg` values; a null value takes the caller's environment variable
 * @param target     `--target` stage, or null for the last
 * @param noCache    `--no-cache`: run every step, record the results for the next build
 * @param layers     `--layers`: look up and record intermediate images; false keeps only the result
 * @param labels     `--label` KEY=VALUE for the result
 * @param network    `--network` for RUN steps
 * @param secrets    `--secret id=ID,src=PATH`: ID to the host file RUN --mount=type=secret reads
 * @param platform   `--platform` os/arch, or null for the host's
 * @param quiet      `-q`: print nothing but the result's id
 * @param dockerFormat `--format docker`: Docker schema 2 manifests rather than OCI ones
 */
public record BuildOptions(Path context, Path dockerfile, List<String> tags, Map<String, String> buildArgs, String target,
                           boolean noCache, boolean layers, List<String> labels, NetworkOptions network,
                           Map<String, Path> secrets, String platform, boolean quiet, boolean dockerFormat) {
    public BuildOptions {
        tags = List.copyOf(tags);
        buildArgs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(buildArgs));
        labels = List.copyOf(labels);
        secrets = Map.copyOf(secrets);
    }
}

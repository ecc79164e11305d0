package dev.skiff.oci.image;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.skiff.oci.digest.Digest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The OCI image configuration: how to run the image, and the diff ids of its layers. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ImageConfig(
        @JsonProperty("created") String created,
        @JsonProperty("author") String author,
        @JsonProperty("architecture") String architecture,
        @JsonProperty("variant") String variant,
        @JsonProperty("os") String os,
        @JsonProperty("config") Config config,
        @JsonProperty("rootfs") RootFs rootfs,
        @JsonProperty("history") List<History> history) {

    public ImageConfig {
        config = config == null ? Config.EMPTY : config;
        rootfs = rootfs == null ? new RootFs("layers", List.of()) : rootfs;
        history = Nulls.list(history);
    }

    /** The creation time, when present and valid RFC 3339. */
    public Optional<Instant> createdInstant() {
        if (created == null || created.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(created));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** The execution parameters of a container made from the image. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Config(
            @JsonProperty("User") String user,
            @JsonProperty("ExposedPorts") Map<String, Object> exposedPorts,
            @JsonProperty("Env") List<String> env,
            @JsonProperty("Entrypoint") List<String> entrypoint,
            @JsonProperty("Cmd") List<String> cmd,
            @JsonProperty("Volumes") Map<String, Object> volumes,
            @JsonProperty("WorkingDir") String workingDir,
            @JsonProperty("Labels") Map<String, String> labels,
            @JsonProperty("StopSignal") String stopSignal,
            @JsonProperty("Healthcheck") Map<String, Object> healthcheck,
            @JsonProperty("OnBuild") List<String> onBuild,
            @JsonProperty("Shell") List<String> shell) {
        public static final Config EMPTY = new Config(null, null, null, null, null, null, null, null, null, null, null,
                null);

        /** The execution parameters that `run` uses, without the build's (HEALTHCHECK, ONBUILD, SHELL). */
        public Config(String user, Map<String, Object> exposedPorts, List<String> env, List<String> entrypoint,
                      List<String> cmd, Map<String, Object> volumes, String workingDir, Map<String, String> labels,
                      String stopSignal) {
            this(user, exposedPorts, env, entrypoint, cmd, volumes, workingDir, labels, stopSignal, null, null, null);
        }

        public Config {
            exposedPorts = Nulls.map(exposedPorts);
            env = Nulls.list(env);
            entrypoint = Nulls.list(entrypoint);
            cmd = Nulls.list(cmd);
            volumes = Nulls.map(volumes);
            labels = Nulls.map(labels);
            healthcheck = Nulls.map(healthcheck);
            onBuild = Nulls.list(onBuild);
            shell = Nulls.list(shell);
        }
    }

    /** The layers' uncompressed digests, bottom to top. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RootFs(@JsonProperty("type") String type, @JsonProperty("diff_ids") List<Digest> diffIds) {
        public RootFs {
            diffIds = Nulls.list(diffIds);
        }
    }

    /** One step of the image's history. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record History(
            @JsonProperty("created") String created,
            @JsonProperty("created_by") String createdBy,
            @JsonProperty("author") String author,
            @JsonProperty("comment") String comment,
            @JsonProperty("empty_layer") Boolean emptyLayer) {}
}

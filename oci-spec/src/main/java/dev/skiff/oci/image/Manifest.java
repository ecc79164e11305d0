package dev.skiff.oci.image;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/** An OCI image manifest or Docker schema 2 manifest: one config and the layers bottom to top. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Manifest(
        @JsonProperty("schemaVersion") int schemaVersion,
        @JsonProperty("mediaType") String mediaType,
        @JsonProperty("artifactType") String artifactType,
        @JsonProperty("config") Descriptor config,
        @JsonProperty("layers") List<Descriptor> layers,
        @JsonProperty("subject") Descriptor subject,
        @JsonProperty("annotations") Map<String, String> annotations) {

    public Manifest {
        if (schemaVersion != 2) {
            throw new IllegalArgumentException("manifest: schemaVersion " + schemaVersion + ", expected 2");
        }
        if (mediaType != null && !MediaType.isManifest(mediaType)) {
            throw new IllegalArgumentException("manifest: mediaType `" + mediaType + "` is not an image manifest");
        }
        if (config == null) {
            throw new IllegalArgumentException("manifest: config descriptor missing");
        }
        layers = Nulls.list(layers);
        annotations = Nulls.map(annotations);
    }

    /** Reads a manifest, refusing a document that is also an index (CVE-2021-41190). */
    @JsonCreator
    static Manifest fromJson(
            @JsonProperty("schemaVersion") int schemaVersion,
            @JsonProperty("mediaType") String mediaType,
            @JsonProperty("artifactType") String artifactType,
            @JsonProperty("config") Descriptor config,
            @JsonProperty("layers") List<Descriptor> layers,
            @JsonProperty("subject") Descriptor subject,
            @JsonProperty("annotations") Map<String, String> annotations,
            @JsonProperty("manifests") JsonNode manifests) {
        if (manifests != null) {
            throw new IllegalArgumentException("manifest: has both `manifests` and `layers`/`config`: "
                    + "ambiguous document refused");
        }
        return new Manifest(schemaVersion, mediaType, artifactType, config, layers, subject, annotations);
    }
}

package dev.skiff.oci.image;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An OCI image index or Docker manifest list: descriptors of manifests, often one per platform. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Index(
        @JsonProperty("schemaVersion") int schemaVersion,
        @JsonProperty("mediaType") String mediaType,
        @JsonProperty("artifactType") String artifactType,
        @JsonProperty("manifests") List<Descriptor> manifests,
        @JsonProperty("subject") Descriptor subject,
        @JsonProperty("annotations") Map<String, String> annotations) {

    public Index {
        if (schemaVersion != 2) {
            throw new IllegalArgumentException("index: schemaVersion " + schemaVersion + ", expected 2");
        }
        if (mediaType != null && !MediaType.isIndex(mediaType)) {
            throw new IllegalArgumentException("index: mediaType `" + mediaType + "` is not an image index");
        }
        manifests = Nulls.list(manifests);
        annotations = Nulls.map(annotations);
    }

    /** Reads an index, refusing a document that is also a manifest (CVE-2021-41190). */
    @JsonCreator
    static Index fromJson(
            @JsonProperty("schemaVersion") int schemaVersion,
            @JsonProperty("mediaType") String mediaType,
            @JsonProperty("artifactType") String artifactType,
            @JsonProperty("manifests") List<Descriptor> manifests,
            @JsonProperty("subject") Descriptor subject,
            @JsonProperty("annotations") Map<String, String> annotations,
            @JsonProperty("layers") JsonNode layers,
            @JsonProperty("config") JsonNode config) {
        if (layers != null || config != null) {
            throw new IllegalArgumentException("index: has both `manifests` and `layers`/`config`: "
                    + "ambiguous document refused");
        }
        return new Index(schemaVersion, mediaType, artifactType, manifests, subject, annotations);
    }

    /** The first entry for {@code os}/{@code architecture}, or the only entry when it names no platform. */
    public Optional<Descriptor> forPlatform(String os, String architecture) {
        for (Descriptor d : manifests) {
            if (d.platform() != null && d.platform().matches(os, architecture)) {
                return Optional.of(d);
            }
        }
        if (manifests.size() == 1 && manifests.getFirst().platform() == null) {
            return Optional.of(manifests.getFirst());
        }
        return Optional.empty();
    }
}

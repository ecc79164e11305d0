package dev.skiff.oci.image;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.skiff.oci.digest.Digest;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An OCI content descriptor: what a blob is, its digest and its size. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Descriptor(
        @JsonProperty("mediaType") String mediaType,
        @JsonProperty("digest") Digest digest,
        @JsonProperty("size") long size,
        @JsonProperty("urls") List<String> urls,
        @JsonProperty("annotations") Map<String, String> annotations,
        @JsonProperty("platform") Platform platform,
        @JsonProperty("artifactType") String artifactType) {
    public static final String REF_NAME = "org.opencontainers.image.ref.name";

    public Descriptor {
        if (digest == null) {
            throw new IllegalArgumentException("descriptor: digest missing");
        }
        if (size < 0) {
            throw new IllegalArgumentException("descriptor " + digest + ": negative size " + size);
        }
        urls = Nulls.list(urls);
        annotations = Nulls.map(annotations);
    }

    /** A plain descriptor with no annotations or platform. */
    public static Descriptor of(String mediaType, Digest digest, long size) {
        return new Descriptor(mediaType, digest, size, null, null, null, null);
    }

    /** This descriptor with one more annotation. */
    public Descriptor withAnnotation(String key, String value) {
        Map<String, String> a = new java.util.LinkedHashMap<>(annotations);
        a.put(key, value);
        return new Descriptor(mediaType, digest, size, urls, a, platform, artifactType);
    }

    /** The `org.opencontainers.image.ref.name` annotation, if any. */
    public Optional<String> refName() {
        return Optional.ofNullable(annotations.get(REF_NAME)).filter(s -> !s.isEmpty());
    }
}

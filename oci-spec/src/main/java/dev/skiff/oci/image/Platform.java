package dev.skiff.oci.image;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The platform an index entry is built for. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Platform(
        @JsonProperty("architecture") String architecture,
        @JsonProperty("os") String os,
        @JsonProperty("os.version") String osVersion,
        @JsonProperty("os.features") List<String> osFeatures,
        @JsonProperty("variant") String variant) {

    public Platform {
        osFeatures = Nulls.list(osFeatures);
    }

    /** True when this platform runs on {@code os}/{@code architecture}. */
    public boolean matches(String wantedOs, String wantedArchitecture) {
        return wantedOs.equals(os) && wantedArchitecture.equals(architecture);
    }
}

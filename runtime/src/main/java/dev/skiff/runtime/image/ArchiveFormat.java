package dev.skiff.runtime.image;

import dev.skiff.runtime.SkiffException;

/** The archive formats `save` writes, named as Podman names them. */
public enum ArchiveFormat {
    DOCKER_ARCHIVE("docker-archive"),
    OCI_ARCHIVE("oci-archive");

    private final String label;

    ArchiveFormat(String label) {
        this.label = label;
    }

    /** The format called {@code label} ({@code docker-archive}, {@code oci-archive}). */
    public static ArchiveFormat of(String label) {
        for (ArchiveFormat f : values()) {
            if (f.label.equals(label)) {
                return f;
            }
        }
        throw new SkiffException("unsupported format `" + label + "`: use docker-archive or oci-archive");
    }

    @Override
    public String toString() {
        return label;
    }
}

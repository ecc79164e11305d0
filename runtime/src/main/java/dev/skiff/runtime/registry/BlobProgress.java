package dev.skiff.runtime.registry;

import dev.skiff.oci.image.Descriptor;

/** Hears how blob downloads advance, e.g. to draw a progress bar per layer on a terminal. */
public interface BlobProgress {
    /** Reports nothing. */
    BlobProgress NONE = new BlobProgress() { };

    /** A download of {@code blob} starts. */
    default void started(Descriptor blob) { }

    /** {@code done} bytes of {@code blob} have arrived. */
    default void advanced(Descriptor blob, long done) { }

    /** {@code blob} arrived whole and verified. */
    default void finished(Descriptor blob) { }
}

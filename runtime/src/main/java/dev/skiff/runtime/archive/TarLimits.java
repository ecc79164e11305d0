package dev.skiff.runtime.archive;

/** Caps for reading untrusted tar streams. */
public record TarLimits(long maxEntries, int maxNameBytes, long maxMetaHeaderBytes, long maxTrailingBytes) {
    /** For image layers. */
    public static final TarLimits LAYER = new TarLimits(1_000_000, 4096, 1L << 20, 1L << 20);
    /** For the outer docker-archive or oci-archive file. */
    public static final TarLimits ARCHIVE = new TarLimits(100_000, 4096, 1L << 20, Long.MAX_VALUE);
}

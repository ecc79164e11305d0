package dev.skiff.runtime.archive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * A tar reader that refuses hostile input before it costs memory: too many entries, PAX or GNU
 * long-name headers over the cap, names longer than the cap, malformed numbers.
 */
public final class BoundedTarInputStream extends TarArchiveInputStream {
    private static final int TYPE_OFFSET = 156;
    private static final int SIZE_OFFSET = 124;
    private static final int SIZE_LENGTH = 12;
    private static final int MAX_CHAINED_HEADERS = 8;

    private final TarLimits limits;
    private final String what;
    private long entries;
    private int depth;

    /** Reads {@code in}; {@code what} names the stream in errors (e.g. {@code layer sha256:…}). */
    public BoundedTarInputStream(InputStream in, TarLimits limits, String what) {
        super(in, false);
        this.limits = limits;
        this.what = what;
    }

    @Override
    public TarArchiveEntry getNextEntry() throws IOException {
        // the parser calls back here after each PAX or long-name header: bound that recursion
        if (depth >= MAX_CHAINED_HEADERS) {
            throw new InvalidArchiveException(what + ": more than " + MAX_CHAINED_HEADERS
                    + " metadata headers in a row");
        }
        TarArchiveEntry e;
        depth++;
        try {
            e = super.getNextEntry();
        } catch (InvalidArchiveException ex) {
            throw ex;
        } catch (IOException | RuntimeException ex) {
            throw new InvalidArchiveException(what + ": malformed tar header after " + entries + " entries: "
                    + ex.getMessage(), ex);
        } finally {
            depth--;
        }
        if (e == null || depth > 0) {
            return e;
        }
        if (++entries > limits.maxEntries()) {
            throw new InvalidArchiveException(what + ": more than " + limits.maxEntries() + " entries");
        }
        checkName(e.getName());
        if (e.isLink() || e.isSymbolicLink()) {
            checkName(e.getLinkName());
        }
        return e;
    }

    private void checkName(String name) throws InvalidArchiveException {
        if (name.getBytes(StandardCharsets.UTF_8).length > limits.maxNameBytes()) {
            throw new InvalidArchiveException(what + ": entry `" + name.substring(0, 64) + "…` has a name longer than "
                    + limits.maxNameBytes() + " bytes");
        }
        if (name.indexOf('\0') >= 0) {
            throw new InvalidArchiveException(what + ": entry `" + name.replace('\0', '?') + "` has a NUL in its name");
        }
    }

    /** How many entries have been read. */
    public long entryCount() {
        return entries;
    }

    @Override
    protected byte[] readRecord() throws IOException {
        byte[] header = super.readRecord();
        if (header != null && header.length >= TYPE_OFFSET + 1) {
            byte type = header[TYPE_OFFSET];
            // PAX (x, g) and GNU long name/link (L, K) bodies are read into memory by the parser
            if (type == 'x' || type == 'g' || type == 'L' || type == 'K' || type == 'X') {
                long size = headerSize(header);
                if (size < 0 || size > limits.maxMetaHeaderBytes()) {
                    throw new InvalidArchiveException(what + ": `" + (char) type + "` header of "
                            + (size < 0 ? "unparseable" : Long.toString(size)) + " bytes exceeds the limit of "
                            + limits.maxMetaHeaderBytes());
                }
            }
        }
        return header;
    }

    @Override
    protected byte[] getLongNameData() throws IOException {
        TarArchiveEntry e = getCurrentEntry();
        if (e != null && e.getSize() > limits.maxMetaHeaderBytes()) {
            throw new InvalidArchiveException(what + ": long name header of " + e.getSize() + " bytes exceeds the limit");
        }
        return super.getLongNameData();
    }

    private static long headerSize(byte[] h) {
        if ((h[SIZE_OFFSET] & 0x80) != 0) {
            return -1; // base-256: far beyond any sane metadata header
        }
        long v = 0;
        boolean digits = false;
        for (int i = SIZE_OFFSET; i < SIZE_OFFSET + SIZE_LENGTH; i++) {
            byte b = h[i];
            if (b == 0 || b == ' ') {
                if (digits) {
                    break;
                }
                continue;
            }
            if (b < '0' || b > '7') {
                return -1;
            }
            digits = true;
            v = v * 8 + (b - '0');
        }
        return v;
    }
}

package dev.skiff.runtime.archive;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Turns zstd-jni's errors on corrupt input into errors that name the layer. */
final class ZstdFailures extends FilterInputStream {
    private final String what;

    ZstdFailures(InputStream zstd, String what) {
        super(zstd);
        this.what = what;
    }

    @Override
    public int read() throws IOException {
        try {
            return super.read();
        } catch (IOException | RuntimeException e) {
            throw failure(e);
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        try {
            return super.read(b, off, len);
        } catch (IOException | RuntimeException e) {
            throw failure(e);
        }
    }

    private InvalidArchiveException failure(Exception e) {
        return new InvalidArchiveException(what + ": not valid zstd data: " + e.getMessage(), e);
    }
}

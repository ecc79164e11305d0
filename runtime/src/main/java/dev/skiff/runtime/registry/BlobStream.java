package dev.skiff.runtime.registry;

import dev.skiff.oci.digest.DigestingInputStream;
import dev.skiff.oci.image.Descriptor;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongConsumer;

/**
 * A blob as it arrives from the registry: counted, hashed, refused as soon as it outgrows its
 * descriptor's size, and checked against the descriptor's size and digest when it ends. Transfer
 * and verification failures are {@link RegistryException}s, so a reader that turns I/O errors
 * into format errors (a decompressor, a tar parser) passes them on unchanged.
 */
final class BlobStream extends InputStream {
    private final DigestingInputStream in;
    private final Descriptor descriptor;
    private final String registry;
    private final String what;
    private final LongConsumer progress;
    private boolean ended;

    BlobStream(InputStream body, Descriptor descriptor, String registry, LongConsumer progress) {
        this.in = new DigestingInputStream(body);
        this.descriptor = descriptor;
        this.registry = registry;
        this.what = "blob " + descriptor.digest();
        this.progress = progress;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        if (ended) {
            return -1;
        }
        int n;
        try {
            n = in.read(buf, off, len);
        } catch (IOException e) {
            throw new RegistryException(registry, what + ": transfer failed: " + RegistryClient.describe(e), 0, e);
        }
        if (n < 0) {
            ended = true;
            check();
            return -1;
        }
        if (in.count() > descriptor.size()) {
            throw new RegistryException(registry, what + ": more bytes than its descriptor's size " + descriptor.size(),
                    0, null);
        }
        progress.accept(in.count());
        return n;
    }

    /** Reads what is left and verifies the whole blob; throws when it is not what its descriptor says. */
    void finish() throws IOException {
        byte[] buf = new byte[64 * 1024];
        while (read(buf, 0, buf.length) >= 0) {
            // counted and hashed by read
        }
    }

    private void check() {
        if (in.count() != descriptor.size()) {
            throw new RegistryException(registry, what + ": received " + in.count() + " bytes, its descriptor says "
                    + descriptor.size(), 0, null);
        }
        if (!in.digest().equals(descriptor.digest())) {
            throw new RegistryException(registry, what + ": content has digest " + in.digest() + ", expected "
                    + descriptor.digest(), 0, null);
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}

package dev.skiff.runtime.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads a stream ahead in a thread of its own, so that producing its bytes (receiving, hashing,
 * decompressing) runs beside consuming them (parsing a tar, writing files). A failure of the
 * stream reaches the consumer as it was thrown, where the consumer would have met it. Closing
 * stops the reader thread and waits for it, without closing the stream underneath.
 */
public final class ReadAheadInputStream extends InputStream {
    private static final byte[] END = new byte[0];

    private final BlockingQueue<byte[]> queue;
    private final Thread reader;
    private volatile boolean closed;
    private Throwable failure; // written before END is queued, read after END is taken
    private byte[] current = new byte[0];
    private int pos;
    private boolean ended;

    /** Starts reading {@code in} in chunks of {@code chunk} bytes, at most {@code chunks} of them ahead. */
    public ReadAheadInputStream(InputStream in, int chunk, int chunks, String threadName) {
        this.queue = new ArrayBlockingQueue<>(chunks);
        this.reader = Thread.ofPlatform().daemon().name(threadName).unstarted(() -> pump(in, chunk));
        reader.start();
    }

    private void pump(InputStream in, int chunk) {
        try {
            while (!closed) {
                byte[] buf = new byte[chunk];
                int n = in.readNBytes(buf, 0, chunk);
                if (n > 0) {
                    put(n == chunk ? buf : Arrays.copyOf(buf, n));
                }
                if (n < chunk) {
                    break;
                }
            }
        } catch (Throwable t) {
            failure = t;
        }
        put(END);
    }

    private void put(byte[] chunk) {
        try {
            while (!closed) {
                if (queue.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (pos == current.length) {
            if (ended) {
                return -1;
            }
            try {
                current = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("read ahead interrupted");
            }
            pos = 0;
            if (current == END) {
                ended = true;
                rethrow();
                return -1;
            }
        }
        int n = Math.min(len, current.length - pos);
        System.arraycopy(current, pos, b, off, n);
        pos += n;
        return n;
    }

    private void rethrow() throws IOException {
        Throwable t = failure;
        if (t == null) {
            return;
        }
        if (t instanceof IOException io) {
            throw io;
        }
        if (t instanceof RuntimeException re) {
            throw re;
        }
        if (t instanceof Error err) {
            throw err;
        }
        throw new IOException(t);
    }

    /** Stops the reader after the chunk it is reading and waits for it; the stream underneath stays open. */
    @Override
    public void close() throws IOException {
        closed = true;
        queue.clear();
        try {
            reader.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("waiting for the read-ahead thread");
        }
    }
}

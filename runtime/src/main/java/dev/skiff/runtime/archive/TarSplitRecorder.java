package dev.skiff.runtime.archive;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.GZIPOutputStream;

/**
 * Records a layer's tar stream as it is read, so that {@link TarSplit} can later write the same
 * bytes back: every byte except the contents of regular files is kept; a file's contents are
 * kept as a reference to the unpacked file. The store then needs no copy of the layer blob.
 */
public final class TarSplitRecorder extends FilterInputStream {
    private static final int FLUSH_AT = 64 * 1024;

    private final DataOutputStream out;
    private final ByteArrayOutputStream raw = new ByteArrayOutputStream();
    private String contentPath;
    private long contentSize;
    private long contentRead;

    /** Reads {@code in}, writing the record to {@code file}. */
    public TarSplitRecorder(InputStream in, Path file) throws IOException {
        super(in);
        OutputStream f = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        this.out = new DataOutputStream(new GZIPOutputStream(f, FLUSH_AT));
    }

    /** The bytes read from now on, up to {@link #endContent}, are the contents of {@code rel}. */
    void beginContent(String rel, long size) throws IOException {
        flushRaw();
        contentPath = rel;
        contentSize = size;
        contentRead = 0;
    }

    /** Ends the contents begun by {@link #beginContent}. */
    void endContent() throws IOException {
        if (contentRead != contentSize) {
            throw new IOException("tar-split: entry `" + contentPath + "`: read " + contentRead + " of " + contentSize
                    + " bytes");
        }
        out.writeByte(TarSplit.FILE_SEGMENT);
        out.writeUTF(contentPath);
        out.writeLong(contentSize);
        contentPath = null;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            took(new byte[] {(byte) b}, 0, 1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            took(b, off, n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // skipped bytes (padding, unread entries) must be recorded too
        byte[] buf = new byte[(int) Math.min(n, 8192)];
        long done = 0;
        while (done < n) {
            int r = read(buf, 0, (int) Math.min(buf.length, n - done));
            if (r < 0) {
                break;
            }
            done += r;
        }
        return done;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void took(byte[] b, int off, int n) throws IOException {
        if (contentPath != null) {
            contentRead += n;
            return;
        }
        raw.write(b, off, n);
        if (raw.size() >= FLUSH_AT) {
            flushRaw();
        }
    }

    private void flushRaw() throws IOException {
        if (raw.size() > 0) {
            out.writeByte(TarSplit.RAW_SEGMENT);
            out.writeInt(raw.size());
            raw.writeTo(out);
            raw.reset();
        }
    }

    /** Writes the rest and the end marker; the stream underneath stays open. */
    public void finish() throws IOException {
        flushRaw();
        out.writeByte(TarSplit.END);
        out.close();
    }

    @Override
    public void close() throws IOException {
        out.close();
        super.close();
    }
}

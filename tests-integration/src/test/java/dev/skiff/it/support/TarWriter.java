package dev.skiff.it.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes a tar archive in memory with every header field set explicitly (owner ids, mode,
 * time), so that the bytes, and hence the digests, are the same on every run and every host.
 */
public final class TarWriter {

    static final Date EPOCH = Date.from(Instant.parse("2024-01-01T00:00:00Z"));

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes, StandardCharsets.UTF_8.name());
    private final Date mtime;

    public TarWriter() {
        this(EPOCH);
    }

    public TarWriter(Date mtime) {
        this.mtime = mtime;
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    }

    public TarWriter dir(String name, int mode, int uid, int gid) {
        TarArchiveEntry e = new TarArchiveEntry(name.endsWith("/") ? name : name + "/");
        return put(e, mode, uid, gid, null);
    }

    public TarWriter file(String name, byte[] content, int mode, int uid, int gid) {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(content.length);
        return put(e, mode, uid, gid, content);
    }

    public TarWriter file(String name, String content, int mode) {
        return file(name, content.getBytes(StandardCharsets.UTF_8), mode, 0, 0);
    }

    public TarWriter symlink(String name, String target) {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
        e.setLinkName(target);
        return put(e, 0777, 0, 0, null);
    }

    public TarWriter hardlink(String name, String target) {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_LINK);
        e.setLinkName(target);
        return put(e, 0644, 0, 0, null);
    }

    /** A regular file whose header carries these PAX records. */
    public TarWriter paxFile(String name, byte[] content, java.util.Map<String, String> pax) {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(content.length);
        pax.forEach(e::addPaxHeader);
        return put(e, 0644, 0, 0, content);
    }

    /** An entry of any type with a raw body: e.g. a hand-made PAX header ('x'). */
    public TarWriter raw(String name, byte type, byte[] body) {
        TarArchiveEntry e = new TarArchiveEntry(name, type, true);
        e.setSize(body.length);
        return put(e, 0644, 0, 0, body);
    }

    private TarWriter put(TarArchiveEntry e, int mode, int uid, int gid, byte[] content) {
        e.setMode((e.getMode() & ~07777) | mode);
        e.setUserId(uid);
        e.setGroupId(gid);
        e.setUserName("");
        e.setGroupName("");
        e.setModTime(mtime);
        try {
            tar.putArchiveEntry(e);
            if (content != null) tar.write(content);
            tar.closeArchiveEntry();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return this;
    }

    /** Finishes the archive and returns its bytes. */
    public byte[] finish() {
        try {
            tar.finish();
            tar.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}

package dev.skiff.runtime.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** Builds tar streams in memory for tests. */
public final class TarBuilder {
    public static final Instant MTIME = Instant.parse("2020-02-03T04:05:06Z");
    private final List<Consumer<TarArchiveOutputStream>> steps = new ArrayList<>();

    public TarBuilder dir(String name, int mode) {
        return entry(name, TarConstants.LF_DIR, mode, null, null, 0, 0, Map.of());
    }

    public TarBuilder file(String name, String content) {
        return file(name, content, 0644);
    }

    public TarBuilder file(String name, String content, int mode) {
        return entry(name, TarConstants.LF_NORMAL, mode, null, content.getBytes(StandardCharsets.UTF_8), 0, 0, Map.of());
    }

    public TarBuilder file(String name, byte[] content, int mode, int uid, int gid, Map<String, String> pax) {
        return entry(name, TarConstants.LF_NORMAL, mode, null, content, uid, gid, pax);
    }

    public TarBuilder symlink(String name, String target) {
        return entry(name, TarConstants.LF_SYMLINK, 0777, target, null, 0, 0, Map.of());
    }

    public TarBuilder hardlink(String name, String target) {
        return entry(name, TarConstants.LF_LINK, 0644, target, null, 0, 0, Map.of());
    }

    public TarBuilder fifo(String name) {
        return entry(name, TarConstants.LF_FIFO, 0600, null, null, 0, 0, Map.of());
    }

    public TarBuilder charDevice(String name) {
        return entry(name, TarConstants.LF_CHR, 0666, null, null, 0, 0, Map.of());
    }

    public TarBuilder entry(String name, byte type, int mode, String link, byte[] content, int uid, int gid,
                            Map<String, String> pax) {
        steps.add(tar -> {
            try {
                TarArchiveEntry e = new TarArchiveEntry(name, type, true);
                e.setMode(mode);
                e.setIds(uid, gid);
                e.setLastModifiedTime(FileTime.from(MTIME));
                if (link != null) {
                    e.setLinkName(link);
                }
                pax.forEach(e::addPaxHeader);
                if (content != null) {
                    e.setSize(content.length);
                }
                tar.putArchiveEntry(e);
                if (content != null) {
                    tar.write(content);
                }
                tar.closeArchiveEntry();
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        });
        return this;
    }

    public byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            steps.forEach(s -> s.accept(tar));
            tar.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}

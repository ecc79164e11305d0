package dev.skiff.runtime.build;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The SHA-256 a COPY or ADD layer is cached under: every field length-prefixed, so no two trees collide by framing. */
final class ContextDigest {
    private final MessageDigest sha;
    /** Reused for every file's bytes. */
    private final byte[] buffer = new byte[64 << 10];
    private final ByteBuffer scratch = ByteBuffer.allocate(Long.BYTES);

    ContextDigest() {
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** Starts the entries of one matched source. */
    void source(String rel) {
        sha.update((byte) 'S');
        string(rel);
    }

    /** One entry: its path, type, mode bits, owner, size, and its symlink target or file bytes; never its times. */
    void entry(ContextEntry entry) throws IOException {
        int type = entry.mode() & ContextEntry.S_IFMT;
        sha.update((byte) 'E');
        string(entry.rel());
        number(type);
        number(entry.mode() & 07777);
        number(entry.uid());
        number(entry.gid());
        number(entry.size());
        if (entry.isSymlink()) {
            string(Files.readSymbolicLink(entry.path()).toString());
        } else if (entry.isRegularFile()) {
            content(entry);
        }
    }

    /** The digest so far, as 64 lowercase hex digits. */
    String hex() {
        return HexFormat.of().formatHex(sha.digest());
    }

    private void content(ContextEntry entry) throws IOException {
        long total = 0;
        // NOFOLLOW: a file swapped for a symlink since the walk is refused, not read through
        try (FileChannel channel = FileChannel.open(entry.path(), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            ByteBuffer bytes = ByteBuffer.wrap(buffer);
            int n;
            while ((n = channel.read(bytes.clear())) > 0) {
                sha.update(buffer, 0, n);
                total += n;
            }
        }
        // the count read, which differs from the size when the file changed while being hashed
        number(total);
    }

    private void string(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        number(bytes.length);
        sha.update(bytes);
    }

    private void number(long n) {
        sha.update(scratch.clear().putLong(n).array());
    }
}

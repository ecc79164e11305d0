package dev.skiff.it.cve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.it.support.Cmd;
import dev.skiff.it.support.CraftedImages;
import dev.skiff.it.support.Expect;
import dev.skiff.it.support.Skiff;
import dev.skiff.it.support.TarWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Parser bombs (huge PAX numbers, deep JSON, gzip of zeros, millions of entries) end in bounded
 * time with one typed error, and the store stays as it was.
 */
class ParserBombTest {

    @RegisterExtension
    static final Skiff skiff = new Skiff();

    /** Far less than the time an unbounded parser would take on these inputs. */
    private static final Duration BOUND = Duration.ofSeconds(90);

    @BeforeAll
    static void storeSomething() {
        skiff.load(skiff.fixtures().dockerArchive());
    }

    /** A PAX header whose size record is a 40-digit number. */
    @Test
    void hugePaxNumber_isRefused() {
        String record = "size=" + "9".repeat(40) + "\n";
        int len = record.length() + 3;
        byte[] pax = (len + " " + record).getBytes(StandardCharsets.UTF_8);
        byte[] layer = new TarWriter().raw("PaxHeaders/x", TarConstants.LF_PAX_EXTENDED_HEADER_LC, pax)
                .file("x", "x", 0644).finish();

        String err = refused("pax.tar", CraftedImages.dockerArchive(List.of(layer)));

        assertThat(err).contains("layer", "tar header");
    }

    /** A PAX header larger than any sane metadata. */
    @Test
    void hugePaxHeader_isRefused() {
        String record = "comment=" + "x".repeat(2 << 20) + "\n";
        String len = Integer.toString(record.length() + 8);
        byte[] pax = (len + " " + record).getBytes(StandardCharsets.UTF_8);
        byte[] layer = new TarWriter().raw("PaxHeaders/x", TarConstants.LF_PAX_EXTENDED_HEADER_LC, pax)
                .file("x", "x", 0644).finish();

        assertThat(refused("bigpax.tar", CraftedImages.dockerArchive(List.of(layer)))).contains("exceeds the limit");
    }

    /** An image config nested 100,000 arrays deep. */
    @Test
    void deeplyNestedConfig_isRefused() {
        byte[] layer = new TarWriter().file("x", "x", 0644).finish();
        String config = new String(CraftedImages.config(List.of(layer)), StandardCharsets.UTF_8);
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        byte[] bomb = ("{\"x\":" + deep + "," + config.substring(1)).getBytes(StandardCharsets.UTF_8);

        String err = refused("deep.tar", CraftedImages.dockerArchive(bomb, List.of(layer)));

        assertThat(err).containsIgnoringCase("depth");
    }

    /** A gzip layer of 256 MiB of zeros: a tar that ends at once and then never stops. */
    @Test
    void gzipOfZeros_isRefusedQuickly() throws IOException {
        Bomb zeros = gzip(out -> {
            byte[] block = new byte[1 << 20];
            for (int i = 0; i < 256; i++) out.write(block);
        });

        String err = refused("zeros.tar", CraftedImages.dockerArchive(configWithDiffId(zeros.diffId), List.of(zeros.gzip)));

        assertThat(err).contains("after the end of the tar stream");
    }

    /** A layer of a million and one entries (the same directory over and over). */
    @Test
    void millionsOfEntries_areRefusedAtTheLimit() throws IOException {
        Bomb many = gzip(out -> {
            TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
            for (int i = 0; i <= 1_000_000; i++) {
                TarArchiveEntry e = new TarArchiveEntry("d/");
                e.setUserName("");
                e.setGroupName("");
                tar.putArchiveEntry(e);
                tar.closeArchiveEntry();
            }
            tar.finish();
        });

        String err = refused("many.tar", CraftedImages.dockerArchive(configWithDiffId(many.diffId), List.of(many.gzip)));

        assertThat(err).contains("more than 1000000 entries");
    }

    private static String refused(String file, byte[] archive) {
        Path path = CraftedImages.write(skiff, file, archive);
        Map<String, String> before = CraftedImages.snapshot(skiff.storage());
        long start = System.nanoTime();

        Cmd.Result r = skiff.command("load", "-q", "-i", path.toString()).timeout(BOUND).run();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BOUND);
        String err = Expect.failsWithOneLine(r, 125);
        assertThat(err).doesNotContain("OutOfMemory", "StackOverflow");
        assertThat(CraftedImages.snapshot(skiff.storage())).as("the store after %s", err).isEqualTo(before);
        return err;
    }

    private record Bomb(byte[] gzip, String diffId) {}

    private interface Writer {
        void write(OutputStream out) throws IOException;
    }

    /** Gzips what WRITER writes, also hashing the uncompressed bytes. */
    private static Bomb gzip(Writer writer) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes, 1 << 16);
             DigestOutputStream d = new DigestOutputStream(gz, sha)) {
            writer.write(d);
        }
        return new Bomb(bytes.toByteArray(), "sha256:" + HexFormat.of().formatHex(sha.digest()));
    }

    private static byte[] configWithDiffId(String diffId) {
        return ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + diffId + "\"]}}").getBytes(StandardCharsets.UTF_8);
    }
}

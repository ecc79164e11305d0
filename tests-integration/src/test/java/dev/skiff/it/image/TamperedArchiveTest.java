package dev.skiff.it.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.it.support.Cmd;
import dev.skiff.it.support.Expect;
import dev.skiff.it.support.Fixtures;
import dev.skiff.it.support.Skiff;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An archive whose content does not match its digests is refused, and the store stays as it was. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TamperedArchiveTest {

    @RegisterExtension
    static final Skiff skiff = new Skiff();

    @BeforeAll
    static void initialiseStore() {
        List<String> out = Expect.lines(skiff.run("images"));
        assertThat(out).as("`skiff images` of an empty store").hasSize(1);
    }

    @Test
    void dockerArchive_withAChangedLayer_isRefused_andStoresNothing() throws IOException {
        TreeSet<String> before = storeContents();

        String err = refusal(skiff.run("load", "-i", skiff.fixtures().tamperedDockerArchive().toString()));

        assertThat(err).contains(skiff.fixtures().diffId(), skiff.fixtures().tamperedDiffId());
        assertThat(storeContents()).isEqualTo(before);
        assertThat(Expect.lines(skiff.run("images"))).hasSize(1);
    }

    @Test
    void ociArchive_withAChangedLayer_isRefused_andStoresNothing() throws IOException {
        TreeSet<String> before = storeContents();

        String err = refusal(skiff.run("load", "-i", skiff.fixtures().tamperedOciArchive().toString()));

        assertThat(err).contains(skiff.fixtures().diffId(), skiff.fixtures().tamperedDiffId());
        assertThat(storeContents()).isEqualTo(before);
        assertThat(Expect.lines(skiff.run("images"))).hasSize(1);
    }

    @Test
    void fileThatIsNoArchive_isRefused() throws IOException {
        byte[] noise = new byte[10_000];
        new Random(7).nextBytes(noise);
        Path file = skiff.writeFile("noise.tar", "");
        Files.write(file, noise);
        TreeSet<String> before = storeContents();

        refusal(skiff.run("load", "-i", file.toString()));

        assertThat(storeContents()).isEqualTo(before);
    }

    @Test
    void missingFile_isRefused() {
        String err = refusal(skiff.run("load", "-i", skiff.home().resolve("absent.tar").toString()));

        assertThat(err).contains("absent.tar");
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void intactArchive_stillLoadsAfterRefusals() {
        assertThat(skiff.load(skiff.fixtures().dockerArchive()).stdoutLines()).contains("Loaded image: " + Fixtures.IMAGE);
    }

    /**
     * Asserts exit code 125 with one error line on stderr (progress lines such as "Copying
     * blob …" may come before it, as with podman) and returns that line.
     */
    private static String refusal(Cmd.Result r) {
        Expect.exit(r, 125);
        List<String> errors = r.stderrLines().stream().filter(l -> l.startsWith("Error:")).toList();
        assertThat(errors).as(() -> "one error line in " + r).hasSize(1);
        assertThat(r.stderrLines().getLast()).as(() -> "the error ends the output of " + r).isEqualTo(errors.getFirst());
        return errors.getFirst();
    }

    /**
     * Everything under blobs/ and layers/, and every other regular file of the store except
     * lock files: what a refused load must not change.
     */
    private static TreeSet<String> storeContents() throws IOException {
        Path store = skiff.storage();
        TreeSet<String> found = new TreeSet<>();
        if (!Files.isDirectory(store)) return found;
        try (Stream<Path> all = Files.walk(store)) {
            all.forEach(p -> {
                String rel = store.relativize(p).toString();
                String name = p.getFileName().toString();
                boolean lock = name.equals("lock") || name.endsWith(".lock");
                boolean content = rel.startsWith("blobs/") || rel.startsWith("layers/");
                if (content || (!lock && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))) {
                    found.add(rel + (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) ? " " + size(p) : "/"));
                }
            });
        }
        return found;
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }
}

package dev.skiff.it.cve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.it.support.CraftedImages;
import dev.skiff.it.support.Expect;
import dev.skiff.it.support.Skiff;
import dev.skiff.it.support.TarWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Tar entries that try to leave the layer (`..`, absolute names, paths through a symlink, hard
 * links to outside, `.` as a symlink — umoci CVE-2021-29136), loaded with `skiff load`: a victim
 * directory beside the store, writable by the user, stays untouched.
 */
class TarEscapeTest {

    @RegisterExtension
    static final Skiff skiff = new Skiff();

    private static Path victim;
    private static String up;

    @BeforeAll
    static void createVictim() throws IOException {
        skiff.load(skiff.fixtures().dockerArchive());
        victim = skiff.storage().resolveSibling("victim");
        Files.createDirectories(victim);
        Files.writeString(victim.resolve("canary"), "canary\n");
        skiff.workspace().giveToUser(victim);
        skiff.workspace().giveToUser(victim.resolve("canary"));
        // enough `..` to reach / from any depth of the store, then down to the victim
        up = "../".repeat(40) + victim.toString().substring(1);
    }

    /** `..` components (CVE-2018-15664 class): refused, naming the entry. */
    @Test
    void dotDotEntry_isRefusedNamingIt_andTheVictimIsUntouched() {
        String err = refused(new TarWriter().file(up + "/pwned", "x", 0644));

        assertThat(err).contains(up + "/pwned", "escapes the layer");
    }

    /** An absolute name is taken relative to the layer, as Docker does: it lands inside the layer. */
    @Test
    void absoluteEntry_landsInsideTheLayer_andTheVictimIsUntouched() {
        byte[] layer = new TarWriter().file(victim + "/pwned", "x", 0644).finish();
        Map<String, String> before = CraftedImages.snapshot(victim);

        skiff.load(CraftedImages.write(skiff, "absolute.tar", CraftedImages.dockerArchive(List.of(layer))));

        assertThat(CraftedImages.snapshot(victim)).isEqualTo(before);
        Path inLayer = skiff.storage().resolve("layers").resolve(CraftedImages.sha256(layer).substring(7))
                .resolve("diff").resolve(victim.toString().substring(1)).resolve("pwned");
        assertThat(inLayer).exists();
        Expect.exit(skiff.run("rmi", CraftedImages.NAME), 0);
    }

    /** A file written through a symlink that points outside. */
    @Test
    void entryThroughASymlink_isRefusedNamingIt() {
        String err = refused(new TarWriter().symlink("evil", victim.toString()).file("evil/pwned", "x", 0644));

        assertThat(err).contains("`evil/pwned`", "symlink `evil`");
    }

    /** A symlink with a relative target climbing out, then a file through it. */
    @Test
    void entryThroughARelativeSymlinkClimbingOut_isRefused() {
        String err = refused(new TarWriter().symlink("a", "../../../../../../../..").file("a/tmp/pwned", "x", 0644));

        assertThat(err).contains("`a/tmp/pwned`");
    }

    /** A hard link whose target is outside the layer, by `..` or by an absolute name. */
    @Test
    void hardLinkToOutside_isRefusedNamingIt() {
        String err = refused(new TarWriter().hardlink("h", up + "/canary").file("h", "overwritten", 0644));
        assertThat(err).contains("`h`");

        String abs = refused(new TarWriter().hardlink("h2", victim + "/canary").file("h2", "overwritten", 0644));
        assertThat(abs).contains("`h2`");
    }

    /** A hard link whose target is reached through a symlink pointing outside. */
    @Test
    void hardLinkThroughASymlink_isRefused() {
        String err = refused(new TarWriter().symlink("s", victim.toString()).hardlink("h", "s/canary"));

        assertThat(err).contains("`h`", "symlink `s`");
    }

    /** umoci CVE-2021-29136: an entry `.` that is a symlink, followed by files meant to land through it. */
    @Test
    void dotAsASymlink_neverLeadsOutside() {
        byte[] layer = new TarWriter().symlink(".", victim.toString()).file("pwned", "x", 0644).finish();
        Map<String, String> before = CraftedImages.snapshot(victim);

        var r = skiff.run("load", "-i", CraftedImages.write(skiff, "dot.tar", CraftedImages.dockerArchive(List.of(layer)))
                .toString());

        assertThat(CraftedImages.snapshot(victim)).as("victim after %s", r).isEqualTo(before);
        assertThat(r.exitCode()).as(r::toString).isIn(0, 125);
        if (r.exitCode() == 0) Expect.exit(skiff.run("rmi", CraftedImages.NAME), 0);
    }

    /** Loads a docker-archive with this layer; asserts exit 125, untouched victim and store; returns the error. */
    private static String refused(TarWriter layer) {
        byte[] tar = layer.finish();
        Map<String, String> victimBefore = CraftedImages.snapshot(victim);
        Map<String, String> storeBefore = CraftedImages.snapshot(skiff.storage());
        Path archive = CraftedImages.write(skiff, "escape.tar", CraftedImages.dockerArchive(List.of(tar)));

        String err = Expect.failsWithOneLine(skiff.command("load", "-q", "-i", archive.toString()).run(), 125);

        assertThat(CraftedImages.snapshot(victim)).as("the victim directory").isEqualTo(victimBefore);
        assertThat(new String(readCanary(), StandardCharsets.UTF_8)).isEqualTo("canary\n");
        assertThat(CraftedImages.snapshot(skiff.storage())).as("the store").isEqualTo(storeBefore);
        return err;
    }

    private static byte[] readCanary() {
        try {
            return Files.readAllBytes(victim.resolve("canary"));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}

package dev.skiff.it.image;

import static dev.skiff.it.support.Fixtures.IMAGE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.it.support.Expect;
import dev.skiff.it.support.Skiff;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** `rmi` refuses an image a container uses; `rmi -f` removes those containers first, as podman does. */
class RmiInUseTest {

    @RegisterExtension
    static final Skiff skiff = new Skiff();

    @Test
    void rmiOfAnImageInUse_isRefused_andForceRemovesItsContainers() {
        skiff.load(skiff.fixtures().dockerArchive());
        Expect.exit(skiff.run("run", "-d", "--name", "user", IMAGE, "sleep", "300"), 0);
        Expect.exit(skiff.run("create", "--name", "user2", IMAGE, "true"), 0);

        assertThat(Expect.failsWithOneLine(skiff.run("rmi", IMAGE), 2)).contains("in use by a container");
        assertThat(Expect.lines(skiff.run("ps", "-a", "-q"))).hasSize(2);

        Expect.exit(skiff.run("rmi", "-f", IMAGE), 0);
        assertThat(Expect.lines(skiff.run("ps", "-a", "-q"))).isEmpty();
        assertThat(Expect.lines(skiff.run("images", "-q"))).isEmpty();
        skiff.assertNothingLeftBehind();
    }
}

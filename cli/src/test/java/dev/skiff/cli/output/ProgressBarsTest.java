package dev.skiff.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.oci.digest.Digest;
import dev.skiff.oci.image.Descriptor;
import dev.skiff.oci.image.MediaType;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressBarsTest {
    private static final Descriptor A = Descriptor.of(MediaType.OCI_LAYER_GZIP, Digest.ofHex("a".repeat(64)), 2000);
    private static final Descriptor B = Descriptor.of(MediaType.OCI_LAYER_GZIP, Digest.ofHex("b".repeat(64)), 1000);

    @Test
    void twoBlobs_areRedrawnInPlace_oneLineEach_andEndDone() {
        StringWriter out = new StringWriter();
        ProgressBars bars = new ProgressBars(new PrintWriter(out));

        bars.started(A);
        bars.started(B);
        bars.finished(B);
        bars.finished(A);

        String s = out.toString();
        assertThat(s).contains("Copying blob aaaaaaaaaaaa [>", "\033[2F", "Copying blob bbbbbbbbbbbb done   1 kB");
        String last = s.substring(s.lastIndexOf("\033[2F"));
        assertThat(last).contains("aaaaaaaaaaaa done", "bbbbbbbbbbbb done");
    }
}

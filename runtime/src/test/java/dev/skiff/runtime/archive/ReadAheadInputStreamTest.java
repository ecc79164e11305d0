package dev.skiff.runtime.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ReadAheadInputStreamTest {

    @Test
    void passesEveryByteInOrder() throws IOException {
        byte[] data = new byte[1_000_003];
        new Random(7).nextBytes(data);

        try (ReadAheadInputStream in = new ReadAheadInputStream(new ByteArrayInputStream(data), 4096, 3, "t")) {
            assertThat(in.readAllBytes()).isEqualTo(data);
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    void aFailureOfTheStream_reachesTheReaderAfterTheBytesBeforeIt() throws IOException {
        IOException boom = new IOException("boom");
        InputStream failing = new SequenceInputStream(new ByteArrayInputStream(new byte[10]), new InputStream() {
            @Override
            public int read() throws IOException {
                throw boom;
            }
        });

        try (ReadAheadInputStream in = new ReadAheadInputStream(failing, 4, 2, "t")) {
            assertThat(in.readNBytes(8)).hasSize(8);
            assertThatThrownBy(in::readAllBytes).isSameAs(boom);
        }
    }

    @Test
    void aRuntimeFailure_isRethrownAsItWas() {
        IllegalStateException boom = new IllegalStateException("mismatch");
        InputStream failing = new InputStream() {
            @Override
            public int read() {
                throw boom;
            }
        };

        assertThatThrownBy(() -> {
            try (ReadAheadInputStream in = new ReadAheadInputStream(failing, 4, 2, "t")) {
                in.read();
            }
        }).isSameAs(boom);
    }

    @Test
    void close_stopsTheReader_andLeavesTheStreamUnderneathOpen() throws IOException {
        AtomicBoolean closed = new AtomicBoolean();
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 1;
            }

            @Override
            public void close() {
                closed.set(true);
            }
        };

        ReadAheadInputStream in = new ReadAheadInputStream(endless, 1024, 2, "t");
        assertThat(in.read()).isEqualTo(1);
        in.close();

        assertThat(closed).isFalse();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("t") && t.isAlive());
    }
}

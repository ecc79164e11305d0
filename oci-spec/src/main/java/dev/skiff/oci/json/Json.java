package dev.skiff.oci.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Reads and writes JSON with limits fit for untrusted input: a byte cap per document, a nesting
 * depth cap and bounded string and number lengths.
 */
public final class Json {
    /** Cap for manifests, indexes and image configs. */
    public static final long MAX_DOCUMENT = 4L << 20;
    /** Cap for a small metadata file such as `oci-layout`. */
    public static final long MAX_SMALL_DOCUMENT = 64L << 10;
    public static final int MAX_DEPTH = 64;

    private static final ObjectMapper MAPPER = newMapper();

    private Json() {}

    private static ObjectMapper newMapper() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_DEPTH)
                        .maxStringLength((int) MAX_DOCUMENT)
                        .maxNumberLength(64)
                        .maxNameLength(4096)
                        .build())
                .build();
        return new ObjectMapper(factory)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    }

    /** The shared mapper, configured with the limits above. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * Reads at most {@code maxBytes} from {@code in} and parses them as {@code type}.
     *
     * @throws DocumentTooLargeException when the stream holds more than {@code maxBytes}
     * @throws InvalidDocumentException when the bytes are not a valid {@code type}
     */
    public static <T> T readBounded(InputStream in, long maxBytes, Class<T> type) throws IOException {
        return read(readAllBounded(in, maxBytes, type.getSimpleName()), type);
    }

    /** Reads all of {@code in}, refusing more than {@code maxBytes}. */
    public static byte[] readAllBounded(InputStream in, long maxBytes, String what) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        long total = 0;
        int n;
        while ((n = in.read(buf, 0, (int) Math.min(buf.length, maxBytes + 1 - total))) > 0) {
            total += n;
            if (total > maxBytes) {
                throw new DocumentTooLargeException(what + ": larger than " + maxBytes + " bytes");
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    /** Parses {@code bytes} as {@code type}. */
    public static <T> T read(byte[] bytes, Class<T> type) {
        if (bytes.length > MAX_DOCUMENT) {
            throw new DocumentTooLargeException(type.getSimpleName() + ": larger than " + MAX_DOCUMENT + " bytes");
        }
        try {
            T value = MAPPER.readValue(bytes, type);
            if (value == null) {
                throw new InvalidDocumentException(type.getSimpleName() + ": document is `null`");
            }
            return value;
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new InvalidDocumentException(cause.getMessage(), e);
        } catch (JsonProcessingException e) {
            throw new InvalidDocumentException(type.getSimpleName() + ": " + describe(e), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String describe(JsonProcessingException e) {
        String msg = e.getOriginalMessage();
        if (e instanceof JsonMappingException jm && !jm.getPath().isEmpty()) {
            return "at " + jm.getPathReference().replaceFirst("^[^\\[]*\\[", "[") + ": " + firstLine(msg);
        }
        return firstLine(msg);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "malformed JSON";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** Compact JSON bytes, as written into blobs: stable for equal values. */
    public static byte[] toBytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("serialize " + value.getClass().getSimpleName(), e);
        }
    }

    /**
     * Indented JSON as Podman prints it: {@code indent} spaces per level, {@code "key": value},
     * empty arrays and objects as {@code []} and {@code {}}.
     */
    public static String toPrettyString(Object value, int indent) {
        DefaultIndenter indenter = new DefaultIndenter(" ".repeat(indent), "\n");
        Separators separators = Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator("");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(separators)
                .withObjectIndenter(indenter);
        printer.indentArraysWith(indenter);
        try {
            return MAPPER.writer(printer).writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("serialize " + value.getClass().getSimpleName(), e);
        }
    }
}

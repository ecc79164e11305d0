package dev.skiff.runtime.storage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small record of named string lists, stored NUL-separated so it reads with plain java.io and
 * no JSON parser: {@code MAGIC \0 (name \0 count \0 value \0 …)*}.
 */
public final class FieldFile {
    private static final String MAGIC = "skiff-fields-1";
    private final Map<String, List<String>> fields;

    private FieldFile(Map<String, List<String>> fields) {
        this.fields = fields;
    }

    /** An empty record to fill with {@link #put}. */
    public static FieldFile create() {
        return new FieldFile(new LinkedHashMap<>());
    }

    /** Sets a list field; values must not contain NUL. */
    public FieldFile put(String name, List<String> values) {
        checkNoNul(name, name);
        for (String v : values) {
            checkNoNul(name, v);
        }
        fields.put(name, List.copyOf(values));
        return this;
    }

    /** Sets a single-valued field; {@code null} stores an empty string. */
    public FieldFile put(String name, String value) {
        return put(name, List.of(value == null ? "" : value));
    }

    /** A list field, empty when absent. */
    public List<String> list(String name) {
        return fields.getOrDefault(name, List.of());
    }

    /** A single-valued field, {@code ""} when absent. */
    public String get(String name) {
        List<String> l = fields.get(name);
        return l == null || l.isEmpty() ? "" : l.getFirst();
    }

    /** The encoded bytes. */
    public byte[] toBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeString(out, MAGIC);
        for (Map.Entry<String, List<String>> e : fields.entrySet()) {
            writeString(out, e.getKey());
            writeString(out, Integer.toString(e.getValue().size()));
            for (String v : e.getValue()) {
                writeString(out, v);
            }
        }
        return out.toByteArray();
    }

    /** Writes this record to {@code target} atomically. */
    public void writeTo(Path target) throws IOException {
        AtomicFiles.write(target, toBytes());
    }

    /** Reads a record written by {@link #writeTo}. */
    public static FieldFile read(Path file) throws IOException {
        return parse(Files.readAllBytes(file), file.toString());
    }

    /** Decodes {@code bytes}; {@code what} names the source in errors. */
    public static FieldFile parse(byte[] bytes, String what) throws IOException {
        List<String> tokens = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                tokens.add(new String(bytes, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        if (start != bytes.length || tokens.isEmpty() || !tokens.getFirst().equals(MAGIC)) {
            throw new IOException(what + ": not a skiff record (truncated or foreign)");
        }
        Map<String, List<String>> fields = new LinkedHashMap<>();
        int i = 1;
        try {
            while (i < tokens.size()) {
                String name = tokens.get(i++);
                int count = Integer.parseInt(tokens.get(i++));
                if (count < 0 || i + count > tokens.size()) {
                    throw new IOException(what + ": field `" + name + "` has a bad count");
                }
                fields.put(name, Collections.unmodifiableList(new ArrayList<>(tokens.subList(i, i + count))));
                i += count;
            }
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            throw new IOException(what + ": malformed skiff record", e);
        }
        return new FieldFile(fields);
    }

    private static void writeString(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
        out.write(0);
    }

    private static void checkNoNul(String field, String value) {
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("field `" + field + "`: value contains a NUL character");
        }
    }
}

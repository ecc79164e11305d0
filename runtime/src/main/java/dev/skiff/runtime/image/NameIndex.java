package dev.skiff.runtime.image;

import dev.skiff.runtime.storage.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The names of the store's images ({@code images/names}): one {@code <id> <full reference>}
 * line per name, newest first. Rewritten whole and atomically under the store lock.
 */
final class NameIndex {
    static final String FILE = "names";
    private final LinkedHashMap<String, String> idByName;

    private NameIndex(LinkedHashMap<String, String> idByName) {
        this.idByName = idByName;
    }

    static NameIndex read(Path file) throws IOException {
        LinkedHashMap<String, String> m = new LinkedHashMap<>();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return new NameIndex(m);
        }
        for (String line : text.split("\n")) {
            int sp = line.indexOf(' ');
            if (sp == 64) {
                m.putIfAbsent(line.substring(sp + 1), line.substring(0, sp));
            }
        }
        return new NameIndex(m);
    }

    void write(Path file) throws IOException {
        StringBuilder b = new StringBuilder();
        idByName.forEach((name, id) -> b.append(id).append(' ').append(name).append('\n'));
        AtomicFiles.write(file, b.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The id named {@code name}, or null. */
    String idOf(String name) {
        return idByName.get(name);
    }

    /** All names of {@code id}, newest first. */
    List<String> namesOf(String id) {
        List<String> names = new ArrayList<>();
        idByName.forEach((n, i) -> {
            if (i.equals(id)) {
                names.add(n);
            }
        });
        return names;
    }

    /** Every name and its id, newest first. */
    Map<String, String> entries() {
        return idByName;
    }

    /** Gives {@code name} to {@code id}, taking it from any other image; the newest name comes first. */
    void put(String name, String id) {
        if (name.isEmpty() || name.chars().anyMatch(c -> c <= ' ')) {
            throw new IllegalArgumentException("image name `" + name + "`: contains whitespace");
        }
        idByName.remove(name);
        LinkedHashMap<String, String> copy = new LinkedHashMap<>();
        copy.put(name, id);
        copy.putAll(idByName);
        idByName.clear();
        idByName.putAll(copy);
    }

    /** Removes {@code name}; returns whether it was there. */
    boolean remove(String name) {
        return idByName.remove(name) != null;
    }
}

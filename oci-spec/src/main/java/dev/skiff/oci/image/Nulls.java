package dev.skiff.oci.image;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns the nulls of absent JSON fields into empty, unmodifiable collections. */
final class Nulls {
    private Nulls() {}

    static <T> List<T> list(List<T> l) {
        return l == null ? List.of() : Collections.unmodifiableList(new java.util.ArrayList<>(l));
    }

    static <K, V> Map<K, V> map(Map<K, V> m) {
        return m == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }
}

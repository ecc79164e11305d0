package dev.skiff.runtime.build;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A parsed Dockerfile: its name, escape character ({@code \} or {@code `}), the parser directives from its top
 * ({@code syntax}, {@code escape}, {@code check}; keys lower-cased, in order) and its instructions.
 */
public record Dockerfile(String file, char escape, Map<String, String> directives, List<Instruction> instructions) {
    public Dockerfile {
        Objects.requireNonNull(file, "file");
        directives = Collections.unmodifiableMap(new LinkedHashMap<>(directives));
        instructions = List.copyOf(instructions);
    }
}

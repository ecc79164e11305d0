package dev.skiff.runtime.build;

import java.util.List;
import java.util.Map;

/**
 * A parsed Dockerfile.
 *
 * @param file         its name, for errors
 * @param escape       its escape character: `\` or, by the `escape` directive, a backtick
 * @param directives   the parser directives at its top (`syntax`, `escape`, `check`), keys lower-cased
 * @param instructions its instructions in order
 */
public record Dockerfile(String file, char escape, Map<String, String> directives, List<Instruction> instructions) {
    public Dockerfile {
        directives = Map.copyOf(directives);
        instructions = List.copyOf(instructions);
    }
}

package dev.skiff.runtime.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Every path of a store with a fingerprint of its content, to show a failed command changed nothing. */
public final class StoreSnapshot {
    private StoreSnapshot() {}

    public static Map<String, String> of(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        if (!Files.exists(root)) {
            return out;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String rel = root.relativize(p).toString();
                if (rel.equals("store.lock")) {
                    continue;
                }
                if (Files.isSymbolicLink(p)) {
                    out.put(rel, "-> " + Files.readSymbolicLink(p));
                } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    out.put(rel, Integer.toHexString(Arrays.hashCode(Files.readAllBytes(p))));
                } else {
                    out.put(rel, "dir");
                }
            }
        }
        return out;
    }
}

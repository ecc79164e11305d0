package dev.skiff.runtime.build;

import dev.skiff.runtime.archive.EntryPaths;
import dev.skiff.runtime.archive.TreeCopy;
import dev.skiff.runtime.sys.SafeDir;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A path in an earlier stage's or another image's file system (`COPY --from`), read from a
 * working container of it, with symlinks resolved inside that root; owners are kept unless
 * `--chown` says otherwise. Wildcards may stand in the last component.
 */
final class OtherImageSource implements CopySource {
    private final ImageBuilder b;
    private final String image;
    private final String path;

    OtherImageSource(ImageBuilder b, String image, String path) {
        this.b = b;
        this.image = image;
        this.path = path;
    }

    @Override
    public void copy(SafeDir root, String dest, boolean intoDir, CopyStep.Attributes a) throws IOException {
        try (WorkingContainer w = WorkingContainer.open(b, image)) {
            List<String> matched = matches(w.root);
            boolean into = intoDir || matched.size() != 1 || CopyStep.isDirectory(w.root, matched.getFirst());
            String target = CopyStep.destination(root, dest, into, a);
            for (String m : matched) {
                String parent = EntryPaths.parent(m);
                String base = EntryPaths.baseName(m);
                if (CopyStep.isDirectory(w.root, m)) {
                    try (SafeDir d = w.root.resolveDir(m, SafeDir.Scope.IN_ROOT)) {
                        CopyStep.extract(root, target, out -> TreeCopy.write(d, "", "", out), a);
                    }
                } else {
                    String as = into ? base : EntryPaths.baseName(dest);
                    try (SafeDir d = w.root.resolveDir(parent, SafeDir.Scope.IN_ROOT)) {
                        CopyStep.extract(root, target, out -> TreeCopy.write(d, base, as, out), a);
                    }
                }
            }
        }
    }

    /** The paths PATH names in ROOT, relative to it. */
    private List<String> matches(SafeDir root) throws IOException {
        String rel = clean(path);
        String last = EntryPaths.baseName(rel);
        if (!last.matches(".*[*?\\[].*")) {
            if (!rel.isEmpty() && !CopyStep.isDirectory(root, rel)) {
                try (SafeDir d = root.resolveDir(EntryPaths.parent(rel), SafeDir.Scope.IN_ROOT)) {
                    if (d.statOrNull(last) == null) {
                        throw new BuildContextException("COPY --from source `" + path + "`: no such file or directory");
                    }
                }
            }
            return List.of(rel);
        }
        Pattern glob = Pattern.compile(last.replace(".", "\\.").replace("*", "[^/]*").replace("?", "[^/]"));
        List<String> out = new ArrayList<>();
        try (SafeDir d = root.resolveDir(EntryPaths.parent(rel), SafeDir.Scope.IN_ROOT)) {
            for (String n : d.list()) {
                if (glob.matcher(n).matches()) {
                    out.add(EntryPaths.join(EntryPaths.parent(rel), n));
                }
            }
        }
        if (out.isEmpty()) {
            throw new BuildContextException("COPY --from source `" + path + "`: no such file or directory");
        }
        out.sort(null);
        return out;
    }

    private static String clean(String p) {
        return p.replaceAll("/+$", "").replaceAll("^/+", "").replaceAll("(^|/)\\.$", "");
    }
}

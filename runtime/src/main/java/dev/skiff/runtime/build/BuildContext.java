package dev.skiff.runtime.build;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/** The build context directory as COPY and ADD see it: read in place, ignored paths absent, nothing outside it. */
public final class BuildContext {
    /** As many symlinks as Linux follows in one path before ELOOP. */
    private static final int MAX_SYMLINK_HOPS = 40;

    private final Path dir;
    private final IgnoreRules rules;
    private Path realDir;

    public BuildContext(Path dir, IgnoreRules rules) {
        this.dir = dir.toAbsolutePath().normalize();
        this.rules = Objects.requireNonNull(rules, "rules");
    }

    /** The context directory, absolute. */
    public Path dir() {
        return dir;
    }

    /**
     * The context paths a COPY or ADD SOURCE names, relative to the context (`.` for the context itself), in walk
     * order: each directory's entries sorted by name.
     * SOURCE is read as docker reads it: relative to the context root even with a leading `/`, cleaned lexically,
     * symlinks in its directories followed within the context, a symlink it ends with kept as is. From the first
     * component with a wildcard on, each component is matched with filepath.Match's rules against the entries of
     * the directories matched so far, symlinked directories not entered.
     *
     * @throws BuildContextException when SOURCE leaves the context, or matches nothing that is not ignored
     */
    public List<String> match(String source) {
        String path = Glob.clean(withoutLeadingSlashes(source));
        if (path.equals("..") || path.startsWith("../")) {
            throw BuildContextException.outside(source);
        }
        if (path.equals(".")) {
            return List.of(".");
        }
        List<String> parts = List.of(path.split("/"));
        int wild = 0;
        while (wild < parts.size() && !Glob.hasWildcard(parts.get(wild))) {
            wild++;
        }
        try {
            if (wild == parts.size()) {
                ContextEntry entry = stat(resolve(source, parts, false));
                if (entry == null || !present(entry, rules.matchesUnder(parent(entry.rel())))) {
                    throw BuildContextException.notFound(source);
                }
                return List.of(entry.rel());
            }
            ContextEntry base = stat(resolve(source, parts.subList(0, wild), true));
            List<Part> rest = new ArrayList<>();
            for (String part : parts.subList(wild, parts.size())) {
                // past the first wildcard every component is a filepath.Match pattern, where `\` escapes
                boolean plain = part.indexOf('\\') < 0 && !Glob.hasWildcard(part);
                rest.add(new Part(part, plain ? null : Glob.component(part)));
            }
            List<String> matches = new ArrayList<>();
            if (base != null && base.isDirectory()) {
                boolean[] baseMatches = rules.matchesUnder(base.rel());
                if (mayHold(base.rel(), baseMatches)) {
                    expand(base, baseMatches, rest, 0, matches);
                }
            }
            if (matches.isEmpty()) {
                throw BuildContextException.notFound(source);
            }
            return List.copyOf(matches);
        } catch (Glob.SyntaxException e) {
            throw new BuildContextException("COPY source `" + source + "`: " + e.getMessage());
        } catch (IOException e) {
            throw new BuildContextException("COPY source `" + source + "`: " + BuildContextException.reason(e), e);
        }
    }

    /**
     * Every path under REL, a path {@link #match} returned, that is not ignored: REL itself first, then depth-first
     * with each directory's entries sorted by name. Symlinks are listed, never followed; an excluded directory is
     * walked only when an exception could re-include something in it, and listed only if something was.
     */
    public List<String> walk(String rel) {
        List<ContextEntry> entries = entries(rel);
        List<String> paths = new ArrayList<>(entries.size());
        for (ContextEntry entry : entries) {
            paths.add(entry.rel());
        }
        return paths;
    }

    /**
     * A SHA-256 (lowercase hex) over everything the MATCHED paths cover, as {@link #walk} lists it: each entry's
     * path, type, permission and setuid/setgid/sticky bits, owner, group, size, and a symlink's target or a file's
     * bytes. Times are left out, as docker's build cache leaves them out, so a touched file keeps its key.
     */
    public String hash(List<String> matched) {
        ContextDigest digest = new ContextDigest();
        for (String source : matched) {
            digest.source(source);
            for (ContextEntry entry : entries(source)) {
                try {
                    digest.entry(entry);
                } catch (IOException e) {
                    throw readError(entry.rel(), e);
                }
            }
        }
        return digest.hex();
    }

    /**
     * The context path COMPONENTS lead to, each directory symlink on the way replaced by its target (the last
     * component's too when FOLLOWLAST), `..` taken physically; every step must stay inside the context.
     */
    private String resolve(String source, List<String> components, boolean followLast) throws IOException {
        Deque<String> pending = new ArrayDeque<>(components);
        List<String> real = new ArrayList<>();
        int hops = 0;
        while (!pending.isEmpty()) {
            String component = pending.removeFirst();
            if (component.isEmpty() || component.equals(".")) {
                continue;
            }
            if (component.equals("..")) {
                if (real.isEmpty()) {
                    throw BuildContextException.outside(source);
                }
                real.removeLast();
                continue;
            }
            real.add(component);
            String rel = String.join("/", real);
            ContextEntry entry = stat(rel);
            if (entry == null) {
                throw BuildContextException.notFound(source);
            }
            boolean last = pending.isEmpty();
            if (entry.isSymlink() && (!last || followLast)) {
                // an ignored symlink is not in the context, so neither is anything reached through it
                if (rules.excluded(rel)) {
                    throw BuildContextException.notFound(source);
                }
                if (++hops > MAX_SYMLINK_HOPS) {
                    throw new BuildContextException("COPY source `" + source + "`: too many levels of symbolic links");
                }
                real.removeLast();
                Path target = Files.readSymbolicLink(entry.path());
                if (target.isAbsolute()) {
                    real.clear();
                    target = insideContext(target.normalize());
                    if (target == null) {
                        throw BuildContextException.outside(source);
                    }
                }
                List<String> targetParts = List.of(target.toString().split("/"));
                for (int i = targetParts.size() - 1; i >= 0; i--) {
                    pending.addFirst(targetParts.get(i));
                }
                continue;
            }
            if (!last && !entry.isDirectory()) {
                throw BuildContextException.notFound(source);
            }
        }
        return real.isEmpty() ? "." : String.join("/", real);
    }

    /** ABSOLUTE as a path relative to the context, or null when it lies outside. */
    private Path insideContext(Path absolute) throws IOException {
        for (Path root : List.of(dir, realDir())) {
            if (absolute.startsWith(root)) {
                return root.relativize(absolute);
            }
        }
        return null;
    }

    /** One component of a COPY source from its first wildcard on: a name to look up, or a GLOB to list against. */
    private record Part(String name, Pattern glob) {
    }

    /** Adds to MATCHES the present entries under directory BASE that match PARTS from INDEX on. */
    private void expand(ContextEntry base, boolean[] baseMatches, List<Part> parts, int index, List<String> matches)
            throws IOException {
        Part part = parts.get(index);
        boolean last = index == parts.size() - 1;
        List<String> names;
        if (part.glob() == null) {
            names = List.of(part.name());
        } else {
            names = new ArrayList<>();
            for (String name : base.list()) {
                if (part.glob().matcher(name).matches()) {
                    names.add(name);
                }
            }
        }
        for (String name : names) {
            ContextEntry entry = ContextEntry.stat(child(base.rel(), name), base.path().resolve(name));
            if (entry == null) {
                continue;
            }
            if (last) {
                if (present(entry, baseMatches)) {
                    matches.add(entry.rel());
                }
            } else if (entry.isDirectory()) {
                boolean[] entryMatches = rules.matchesUnder(entry.rel(), baseMatches);
                if (mayHold(entry.rel(), entryMatches)) {
                    expand(entry, entryMatches, parts, index + 1, matches);
                }
            }
        }
    }

    /**
     * Whether ENTRY, in the directory whose pattern matches are PARENT, is in the context: not excluded, or an
     * excluded directory holding something re-included.
     */
    private boolean present(ContextEntry entry, boolean[] parent) throws IOException {
        if (entry.rel().equals(".")) {
            return true;
        }
        if (!entry.isDirectory()) {
            return !rules.excluded(entry.rel(), parent);
        }
        boolean[] matches = rules.matchesUnder(entry.rel(), parent);
        if (!rules.excluded(matches)) {
            return true;
        }
        if (!rules.mayReincludeUnder(entry.rel())) {
            return false;
        }
        List<String> names;
        try {
            names = entry.list();
        } catch (AccessDeniedException e) {
            return false;
        }
        for (String name : names) {
            ContextEntry child = ContextEntry.stat(child(entry.rel(), name), entry.path().resolve(name));
            if (child != null && present(child, matches)) {
                return true;
            }
        }
        return false;
    }

    /** Whether something under directory REL, whose pattern matches are MATCHES, can be in the context. */
    private boolean mayHold(String rel, boolean[] matches) {
        return !rules.excluded(matches) || rules.mayReincludeUnder(rel);
    }

    private List<ContextEntry> entries(String rel) {
        String path = Glob.clean(withoutLeadingSlashes(rel));
        if (path.equals("..") || path.startsWith("../")) {
            throw new BuildContextException("build context: `" + rel + "` is outside the build context");
        }
        ContextEntry top;
        try {
            // the path comes from match, whose directories are real ones; a symlink swapped in since must not lead out
            Path parent = abs(path).getParent();
            if (!path.equals(".") && !parent.toRealPath().startsWith(realDir())) {
                throw new BuildContextException("build context: `" + path + "` is outside the build context");
            }
            top = stat(path);
        } catch (IOException e) {
            throw readError(path, e);
        }
        if (top == null) {
            throw new BuildContextException("build context: `" + path + "`: no such file or directory");
        }
        List<ContextEntry> out = new ArrayList<>();
        visit(top, rules.matchesUnder(parent(path)), out);
        return out;
    }

    /** Adds ENTRY, in the directory whose pattern matches are PARENT, and what is under it to OUT, if present. */
    private void visit(ContextEntry entry, boolean[] parent, List<ContextEntry> out) {
        if (!entry.isDirectory()) {
            if (!rules.excluded(entry.rel(), parent)) {
                out.add(entry);
            }
            return;
        }
        boolean[] matches = rules.matchesUnder(entry.rel(), parent);
        boolean excluded = rules.excluded(matches);
        if (excluded && !rules.mayReincludeUnder(entry.rel())) {
            return;
        }
        int mark = out.size();
        out.add(entry);
        List<String> names;
        try {
            names = entry.list();
        } catch (AccessDeniedException e) {
            // BuildKit too passes over an excluded directory it may not read
            if (excluded) {
                out.removeLast();
                return;
            }
            throw readError(entry.rel(), e);
        } catch (IOException e) {
            throw readError(entry.rel(), e);
        }
        for (String name : names) {
            String rel = child(entry.rel(), name);
            ContextEntry child;
            try {
                child = ContextEntry.stat(rel, entry.path().resolve(name));
            } catch (IOException e) {
                throw readError(rel, e);
            }
            if (child != null) {
                visit(child, matches, out);
            }
        }
        if (excluded && out.size() == mark + 1) {
            out.removeLast();
        }
    }

    private ContextEntry stat(String rel) throws IOException {
        return ContextEntry.stat(rel, abs(rel));
    }

    private Path abs(String rel) {
        return rel.equals(".") ? dir : dir.resolve(rel);
    }

    private Path realDir() throws IOException {
        if (realDir == null) {
            realDir = dir.toRealPath();
        }
        return realDir;
    }

    /** The directory holding REL; the context root for a top-level path and for the root itself. */
    private static String parent(String rel) {
        int slash = rel.lastIndexOf('/');
        return slash < 0 ? "." : rel.substring(0, slash);
    }

    private static String child(String parent, String name) {
        return parent.equals(".") ? name : parent + "/" + name;
    }

    private static String withoutLeadingSlashes(String path) {
        int start = 0;
        while (start < path.length() && path.charAt(start) == '/') {
            start++;
        }
        return path.substring(start);
    }

    private static BuildContextException readError(String rel, IOException e) {
        return new BuildContextException("build context: read `" + rel + "`: " + BuildContextException.reason(e), e);
    }
}

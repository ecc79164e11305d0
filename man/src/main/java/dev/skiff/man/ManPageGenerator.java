package dev.skiff.man;

import dev.skiff.cli.CommandTree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** Writes a section 1 man page for every skiff command, {@code skiff.1} to {@code skiff-image-ls.1}. */
public final class ManPageGenerator {
    /** Where the pages live, relative to the repository root. */
    public static final String PAGES_DIR = "man/man1";

    private ManPageGenerator() {}

    /**
     * Writes every page into the directory {@code args[0]} (default: {@code man/man1} of the
     * repository around the working directory) and removes pages of commands that no longer exist.
     */
    public static void main(String[] args) throws IOException {
        Path dir = args.length > 0 ? Path.of(args[0]) : repositoryRoot().resolve(PAGES_DIR);
        Changes changes = write(dir, pages(CommandTree.full()));
        for (String line : changes.describe()) {
            System.out.println(line);
        }
        System.out.println(dir + ": " + changes.total() + " pages, " + changes.written().size() + " written, "
                + changes.removed().size() + " removed");
    }

    /** Every page of the tree under {@code root}: file name to troff source, sorted by file name. */
    public static SortedMap<String, String> pages(CommandLine root) {
        SortedMap<String, String> pages = new TreeMap<>();
        for (CommandSpec spec : ManPage.all(root.getCommandSpec())) {
            String file = fileName(spec);
            if (pages.put(file, ManPage.render(spec, root)) != null) {
                throw new IllegalStateException("two commands would share the page " + file);
            }
        }
        return pages;
    }

    /** The page file of a command: {@code skiff-image-inspect.1}. */
    public static String fileName(CommandSpec spec) {
        return ManPage.pageName(spec) + ".1";
    }

    /** Whether a file could be the page of a command under the root command {@code root}. */
    public static boolean isPageFile(String name, String root) {
        return name.equals(root + ".1") || name.startsWith(root + "-") && name.endsWith(".1");
    }

    /** The pages of commands under the root command {@code root} in {@code dir} now, by file name. */
    public static SortedMap<String, byte[]> existing(Path dir, String root) throws IOException {
        SortedMap<String, byte[]> found = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return found;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                String name = p.getFileName().toString();
                if (isPageFile(name, root)) {
                    found.put(name, Files.readAllBytes(p));
                }
            }
        }
        return found;
    }

    /**
     * Brings {@code dir} in line with {@code pages}, the pages of one tree: rewrites what differs and
     * removes the pages of that tree's root command that are not among them.
     */
    public static Changes write(Path dir, SortedMap<String, String> pages) throws IOException {
        Files.createDirectories(dir);
        String root = pages.keySet().stream().min(Comparator.comparingInt(String::length)).orElseThrow();
        SortedMap<String, byte[]> before = existing(dir, root.substring(0, root.length() - 2));
        List<String> written = new ArrayList<>();
        for (var e : pages.entrySet()) {
            byte[] bytes = e.getValue().getBytes(StandardCharsets.UTF_8);
            byte[] old = before.get(e.getKey());
            if (old == null || !Arrays.equals(old, bytes)) {
                Path target = dir.resolve(e.getKey());
                Path tmp = dir.resolve("." + e.getKey() + ".tmp");
                Files.write(tmp, bytes);
                Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                written.add(e.getKey() + (old == null ? " (new)" : " (updated)"));
            }
        }
        List<String> removed = new ArrayList<>();
        for (String name : before.keySet()) {
            if (!pages.containsKey(name)) {
                Files.delete(dir.resolve(name));
                removed.add(name);
            }
        }
        return new Changes(pages.size(), written, removed);
    }

    /** The closest directory at or above the working directory that holds {@code man/pom.xml}. */
    static Path repositoryRoot() {
        Path cwd = Path.of("").toAbsolutePath();
        for (Path p = cwd; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("man/pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("no skiff repository at or above " + cwd + "; pass the output directory");
    }

    /** What {@link #write} did: the number of pages, the files it wrote and those it removed. */
    public record Changes(int total, List<String> written, List<String> removed) {
        /** One line per file written or removed. */
        public List<String> describe() {
            List<String> lines = new ArrayList<>();
            written.forEach(w -> lines.add("  wrote   " + w));
            removed.forEach(r -> lines.add("  removed " + r));
            return lines;
        }
    }
}

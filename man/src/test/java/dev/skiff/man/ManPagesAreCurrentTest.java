package dev.skiff.man;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.cli.CommandTree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** The committed pages in {@code man/man1} are exactly what the generator makes of the command tree. */
class ManPagesAreCurrentTest {
    private static final String FIX = "; run man/update.sh to regenerate man/man1, then commit it";

    /** Surefire runs in the module directory and says so in {@code basedir}. */
    private static final Path COMMITTED = Path.of(System.getProperty("basedir", "")).toAbsolutePath().resolve("man1");

    private static SortedMap<String, byte[]> committed;
    private static SortedMap<String, byte[]> generated;

    @BeforeAll
    static void generate(@TempDir Path tmp) throws IOException {
        CommandLine tree = CommandTree.full();
        String root = tree.getCommandSpec().name();
        committed = ManPageGenerator.existing(COMMITTED, root);
        ManPageGenerator.write(tmp, ManPageGenerator.pages(tree));
        generated = ManPageGenerator.existing(tmp, root);
    }

    @Test
    void everyCommandHasACommittedPage() {
        Set<String> missing = new TreeSet<>(expectedPages(CommandTree.full()));
        missing.removeAll(committed.keySet());
        assertThat(missing).as("commands without a page in %s%s", COMMITTED, FIX).isEmpty();
    }

    @Test
    void everyCommittedPageIsCurrent() {
        List<String> stale = new ArrayList<>();
        generated.forEach((name, bytes) -> {
            byte[] old = committed.get(name);
            if (old != null && !java.util.Arrays.equals(old, bytes)) {
                stale.add(name + " (" + firstDifference(old, bytes) + ")");
            }
        });
        assertThat(stale).as("pages in %s that differ from the command model%s", COMMITTED, FIX).isEmpty();
    }

    @Test
    void noPageWithoutACommand() {
        Set<String> extra = new TreeSet<>(committed.keySet());
        extra.removeAll(generated.keySet());
        assertThat(extra).as("pages in %s of commands that no longer exist%s", COMMITTED, FIX).isEmpty();
    }

    @Test
    void theGeneratorCoversTheWholeTree() {
        assertThat(generated.keySet()).containsExactlyInAnyOrderElementsOf(expectedPages(CommandTree.full()));
    }

    /** The page of every visible command, found by walking picocli's own subcommand maps. */
    private static Set<String> expectedPages(CommandLine root) {
        Set<String> pages = new LinkedHashSet<>();
        collect(root.getCommandSpec(), pages);
        return pages;
    }

    private static void collect(CommandSpec spec, Set<String> pages) {
        pages.add(ManPageGenerator.fileName(spec));
        for (CommandLine sub : spec.subcommands().values()) {
            if (!sub.getCommandSpec().usageMessage().hidden()) {
                collect(sub.getCommandSpec(), pages);
            }
        }
    }

    private static String firstDifference(byte[] committed, byte[] generated) {
        String[] a = new String(committed, StandardCharsets.UTF_8).split("\n", -1);
        String[] b = new String(generated, StandardCharsets.UTF_8).split("\n", -1);
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            String x = i < a.length ? a[i] : "<end>";
            String y = i < b.length ? b[i] : "<end>";
            if (!x.equals(y)) {
                return "line " + (i + 1) + ": committed \"" + x + "\", generated \"" + y + "\"";
            }
        }
        return "same lines, different bytes";
    }
}

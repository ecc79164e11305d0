package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Only the invoked branch of the command tree is built, and every command describes itself. */
class CommandTreeTest {
    @Test
    void runBuildsOnlyRun() {
        CommandLine root = CommandTree.forArgs(new String[] {"run", "busybox", "ls", "-l"});
        assertThat(root.getSubcommands()).containsOnlyKeys("run");
    }

    @Test
    void helpBuildsEverything() {
        CommandLine root = CommandTree.forArgs(new String[] {"--help"});
        assertThat(paths(root)).containsExactlyElementsOf(paths(CommandTree.full()));
        assertThat(root.getSubcommands().keySet()).hasSizeGreaterThan(1);
    }

    @Test
    void aGroupSubcommandBuildsOnlyThatBranch() {
        CommandLine root = CommandTree.forArgs(new String[] {"image", "inspect", "x"});
        assertThat(root.getSubcommands()).containsOnlyKeys("image");
        assertThat(root.getSubcommands().get("image").getSubcommands()).containsOnlyKeys("inspect");
    }

    @Test
    void everyCommandHasADescription() {
        List<String> undescribed = new ArrayList<>();
        walk(CommandTree.full(), cl -> {
            String[] description = cl.getCommandSpec().usageMessage().description();
            if (description.length == 0 || String.join("", description).isBlank()) {
                undescribed.add(cl.getCommandSpec().qualifiedName());
            }
        });
        assertThat(undescribed).as("commands without a description").isEmpty();
    }

    /** Every command's path from the root, aliases included, in tree order. */
    private static List<String> paths(CommandLine root) {
        List<String> paths = new ArrayList<>();
        collect(root, "", paths);
        return paths;
    }

    private static void collect(CommandLine cl, String path, List<String> paths) {
        cl.getSubcommands().forEach((name, sub) -> {
            paths.add(path + name);
            collect(sub, path + name + " ", paths);
        });
    }

    private static void walk(CommandLine cl, Consumer<CommandLine> visit) {
        visit.accept(cl);
        for (CommandLine sub : new LinkedHashSet<>(cl.getSubcommands().values())) {
            walk(sub, visit);
        }
    }
}

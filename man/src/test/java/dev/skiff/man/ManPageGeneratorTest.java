package dev.skiff.man;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.skiff.cli.CommandTree;
import dev.skiff.cli.StopsAtPositional;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The troff the generator writes, checked on a small command tree of its own. */
class ManPageGeneratorTest {
    @Command(name = "tool", mixinStandardHelpOptions = true, synopsisSubcommandLabel = "COMMAND",
            description = "Does things.")
    static final class Tool {}

    @Command(name = "group", description = {"Groups things", "", "Second paragraph, @|bold bold|@ word.",
        "  tool group go -x", ".starts with a dot", "'starts with a quote, has \\ a backslash, 100%% sure"})
    static final class Group {}

    @Command(name = "declared-name", description = "Goes somewhere", sortOptions = false)
    static final class Go implements StopsAtPositional {
        @Option(names = {"-x", "--extra"}, description = "Be extra") boolean extra;
        @Option(names = "--secret", hidden = true, description = "Not shown") boolean secret;
        @Option(names = "--level", paramLabel = "N", description = "How far") int level = 3;
        @Option(names = "--mode", paramLabel = "MODE", defaultValue = "fast",
                description = "Mode (default: ${DEFAULT-VALUE})")
        String mode;
        @Option(names = "--color", negatable = true, defaultValue = "true", description = "Use colors") boolean color;
        @Option(names = "--tag", arity = "0..1", paramLabel = "TAG", description = "Tag it") String tag;
        @Parameters(index = "0", paramLabel = "WHERE", description = "Destination") String where;
        @Parameters(index = "1..*", paramLabel = "ARG", description = "Arguments")
        List<String> args = new ArrayList<>();
    }

    @Command(name = "other", description = "Another way",
            customSynopsis = {"tool other [options] NAME", "tool group other name"},
            exitCodeList = {"0:Found it", "3:Not found"})
    static final class Other {}

    private static CommandLine tree() {
        CommandLine group = new CommandLine(new Group());
        group.addSubcommand("go", new CommandLine(new Go()), "g");
        group.addSubcommand("other", new CommandLine(new Other()));
        CommandLine root = new CommandLine(new Tool());
        root.addSubcommand("group", group);
        root.addSubcommand("other", new CommandLine(new Other()));
        return root;
    }

    @Test
    void onePagePerCommandNamedAfterTheTypedWords() {
        assertThat(ManPageGenerator.pages(tree()).keySet())
                .containsExactly("tool-group-go.1", "tool-group-other.1", "tool-group.1", "tool-other.1", "tool.1");
    }

    @Test
    void pageOfACommandThatRunsAContainer() {
        String page = ManPageGenerator.pages(tree()).get("tool-group-go.1");
        assertThat(page).startsWith(".\\\" Generated")
                .contains("\n.TH \"TOOL-GROUP-GO\" \"1\" \"\" \"skiff\" \"User Commands\"\n")
                .contains("\n.SH NAME\ntool\\-group\\-go \\- Goes somewhere\n")
                .contains("\n.SY \"tool group go\"\n[\\fB\\-x\\fR] [\\fB\\-\\-[no\\-]color\\fR] "
                        + "[\\fB\\-\\-tag\\fR[=\\fITAG\\fR]]")
                .doesNotContain("declared")
                .contains("\\fBtool group g\\fR is an alias of \\fBtool group go\\fR.")
                .contains("\n.TP\n\\fB\\-x\\fR, \\fB\\-\\-extra\\fR\nBe extra\n")
                .doesNotContain("secret")
                .contains("\\fB\\-\\-level\\fR=\\fIN\\fR\nHow far\n.br\nDefault: \\fI3\\fR\n")
                .contains("Mode (default: fast)\n.TP")
                .contains("\\fB\\-\\-[no\\-]color\\fR\nUse colors\n.br\nDefault: \\fItrue\\fR\n")
                .contains("\\fB\\-\\-tag\\fR[=\\fITAG\\fR]\n")
                .contains("\n.SH PARAMETERS\n.TP\n\\fIWHERE\\fR\nDestination\n.TP\n\\fIARG\\fR...\nArguments\n")
                .contains("\\fB126\\fR", "\\fB127\\fR", "Otherwise, \\fBtool group go\\fR exits with")
                .doesNotContain("\\fB0\\fR")
                .endsWith(".SH SEE ALSO\n.ad l\n\\%\\fBtool\\fR(1), \\%\\fBtool\\-group\\fR(1)\n.ad\n");
    }

    @Test
    void descriptionIsEscapedAndKeepsItsParagraphs() {
        String page = ManPageGenerator.pages(tree()).get("tool-group.1");
        assertThat(page).contains("\n.SH DESCRIPTION\nGroups things\n.PP\nSecond paragraph, \\fBbold\\fR word.\n"
                + "  tool group go \\-x\n.br\n\\&.starts with a dot\n"
                + "\\(aqstarts with a quote, has \\e a backslash, 100% sure\n");
        assertThat(page).contains("\n.SH SUBCOMMANDS\n.TP\n\\fBgo\\fR, \\fBg\\fR\n"
                + "Goes somewhere. See \\%\\fBtool\\-group\\-go\\fR(1).\n");
    }

    @Test
    void customSynopsisAndDeclaredExitCodes() {
        String page = ManPageGenerator.pages(tree()).get("tool-other.1");
        assertThat(page).contains("\n.SY \"tool other\"\n[\\fIoptions\\fR] \\fINAME\\fR\n.YS\n"
                        + ".SY \"tool group other\"\n\\fIname\\fR\n.YS\n")
                .contains("\n.SH EXIT STATUS\n.TP\n\\fB0\\fR\nFound it\n.TP\n\\fB3\\fR\nNot found\n.SH")
                .contains("\\%\\fBtool\\-group\\-other\\fR(1)");
    }

    @Test
    void rootListsItsCommandsAndTheExitCodesOfTheOnesThatRunContainers() {
        String page = ManPageGenerator.pages(tree()).get("tool.1");
        assertThat(page).contains("\n.SH NAME\ntool \\- Does things\n")
                .contains("\n.SY \"tool\"\n[\\fB\\-hV\\fR] \\fICOMMAND\\fR\n.YS\n")
                .contains("\\fB0\\fR", "\\fB125\\fR", "\\fB126\\fR", "\\fBtool group go\\fR otherwise exits with");
    }

    @Test
    void writeRewritesOnlyWhatChangedAndRemovesStalePages(@TempDir Path dir) throws IOException {
        SortedMap<String, String> pages = ManPageGenerator.pages(tree());
        Files.writeString(dir.resolve("tool-gone.1"), "old");
        Files.writeString(dir.resolve("toolbox.1"), "another program's");
        Files.writeString(dir.resolve("README"), "kept");
        Files.writeString(dir.resolve("tool.1"), pages.get("tool.1"));

        ManPageGenerator.Changes changes = ManPageGenerator.write(dir, pages);

        assertThat(changes.written()).hasSize(pages.size() - 1).noneMatch(w -> w.startsWith("tool.1"));
        assertThat(changes.removed()).containsExactly("tool-gone.1");
        assertThat(dir.resolve("README")).exists();
        assertThat(dir.resolve("toolbox.1")).exists();
        assertThat(ManPageGenerator.write(dir, pages).written()).isEmpty();
        for (Map.Entry<String, String> e : pages.entrySet()) {
            assertThat(dir.resolve(e.getKey())).hasContent(e.getValue());
        }
    }

    @Test
    void outputIsPlainAsciiWithoutDates() {
        ManPageGenerator.pages(CommandTree.full()).forEach((name, page) -> {
            assertThat(page).as(name).matches("[\\x20-\\x7e\\n]*");
            assertThat(page).as(name).doesNotContainPattern("\\b20\\d\\d\\b");
            assertThat(page.lines().filter(String::isBlank)).as(name).isEmpty();
        });
    }

    @Test
    void groffRendersEveryPageWithoutWarnings(@TempDir Path dir) throws Exception {
        assumeThat(onPath("groff")).as("groff installed").isTrue();
        ManPageGenerator.write(dir, ManPageGenerator.pages(CommandTree.full()));
        ManPageGenerator.write(dir, ManPageGenerator.pages(tree()));
        try (var files = Files.list(dir)) {
            for (Path page : files.toList()) {
                Process groff = new ProcessBuilder("groff", "-man", "-Tutf8", "-ww", "-z", page.toString())
                        .redirectErrorStream(true).start();
                String output = new String(groff.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(groff.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(output).as("groff warnings for %s", page.getFileName()).isEmpty();
            }
        }
    }

    private static boolean onPath(String program) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, program))) {
                return true;
            }
        }
        return false;
    }
}

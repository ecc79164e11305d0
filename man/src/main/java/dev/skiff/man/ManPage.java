package dev.skiff.man;

import dev.skiff.cli.StopsAtPositional;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Range;

/** The troff source of one command's man page, built from its picocli model. */
final class ManPage {
    private static final String EXITS_WITH = " exits with the exit status of the container's command.";
    private static final String EXIT_WITH = EXITS_WITH.replace("exits", "exit");

    /** A description that already states the default, as picocli's {@code ${DEFAULT-VALUE}} does. */
    private static final Pattern MENTIONS_DEFAULT = Pattern.compile("(?i)\\(default\\b|\\bdefault\\s*(:|is\\b)");

    private final CommandSpec spec;
    private final CommandLine root;
    private final List<String> out = new ArrayList<>();

    private ManPage(CommandSpec spec, CommandLine root) {
        this.spec = spec;
        this.root = root;
    }

    /** The page of {@code spec}, a command of the tree under {@code root}. */
    static String render(CommandSpec spec, CommandLine root) {
        ManPage page = new ManPage(spec, root);
        page.build();
        return String.join("\n", page.out) + "\n";
    }

    /** The page's name: the command's qualified name joined with hyphens, {@code skiff-image-ls}. */
    static String pageName(CommandSpec spec) {
        return qualifiedName(spec, "-");
    }

    /** The command's words as typed, {@code skiff image ls}, joined by {@code separator}. */
    static String qualifiedName(CommandSpec spec, String separator) {
        CommandSpec parent = spec.parent();
        return parent == null ? spec.name() : qualifiedName(parent, separator) + separator + name(spec);
    }

    /** The name a command is registered under in its parent, which wins over its annotation's. */
    static String name(CommandSpec spec) {
        if (spec.parent() != null) {
            for (var e : spec.parent().subcommands().entrySet()) {
                if (e.getValue().getCommandSpec() == spec) {
                    return e.getKey();
                }
            }
        }
        return spec.name();
    }

    /** The distinct, visible subcommands of a command, in the order they were added. */
    static List<CommandSpec> subcommands(CommandSpec spec) {
        Set<CommandSpec> seen = new LinkedHashSet<>();
        for (CommandLine sub : spec.subcommands().values()) {
            CommandSpec s = sub.getCommandSpec();
            if (!s.usageMessage().hidden()) {
                seen.add(s);
            }
        }
        return List.copyOf(seen);
    }

    private void build() {
        String name = pageName(spec);
        out.add(".\\\" Generated from the skiff command model by man/update.sh; do not edit.");
        out.add(".TH \"" + name.toUpperCase(Locale.ROOT) + "\" \"1\" \"\" \"skiff\" \"User Commands\"");
        out.add(".SH NAME");
        out.add(Troff.line(Troff.escape(name) + " \\- " + Troff.markup(summary(spec, true))));
        synopsis();
        description();
        options();
        parameters();
        subcommandList();
        exitStatus();
        seeAlso();
    }

    private void synopsis() {
        out.add(".SH SYNOPSIS");
        String typed = qualifiedName(spec, " ");
        String[] custom = spec.usageMessage().customSynopsis();
        List<String> lines = new ArrayList<>();
        if (custom.length > 0) {
            for (String c : custom) {
                for (String l : Troff.format(c).split("\n")) {
                    if (!l.isBlank()) {
                        lines.add(l);
                    }
                }
            }
        } else {
            Help help = new Help(spec, Help.defaultColorScheme(Ansi.OFF));
            String generated = help.synopsis(0).strip();
            String declared = spec.qualifiedName();
            lines.add(generated.startsWith(declared + " ") || generated.equals(declared)
                    ? typed + generated.substring(declared.length()) : generated);
        }
        for (String l : lines) {
            out.addAll(Troff.synopsis(l, commandWords(l)));
        }
    }

    /** How many leading words of a synopsis line name a command of the tree: {@code skiff image ls}. */
    private int commandWords(String line) {
        String[] words = line.strip().split("\\s+");
        CommandLine at = root;
        if (words.length == 0 || !words[0].equals(at.getCommandSpec().name())) {
            return 0;
        }
        int n = 1;
        while (n < words.length && at.getSubcommands().containsKey(words[n])) {
            at = at.getSubcommands().get(words[n]);
            n++;
        }
        return n;
    }

    private void description() {
        out.add(".SH DESCRIPTION");
        List<String> text = Troff.paragraphs(spec.usageMessage().description());
        if (text.isEmpty()) {
            text = Troff.paragraphs(spec.usageMessage().header());
        }
        out.addAll(text.isEmpty() ? List.of(Troff.escape(summary(spec, false))) : text);
        String[] aliases = spec.aliases();
        if (aliases.length > 0) {
            String parent = spec.parent() == null ? "" : qualifiedName(spec.parent(), " ") + " ";
            List<String> names = Arrays.stream(aliases).map(a -> Troff.bold(parent + a)).toList();
            out.add(".PP");
            out.add(Troff.line(String.join(", ", names) + (names.size() == 1 ? " is an alias" : " are aliases")
                    + " of " + Troff.bold(qualifiedName(spec, " ")) + "."));
        }
    }

    private void options() {
        List<OptionSpec> options = new ArrayList<>(spec.options().stream().filter(o -> !o.hidden()).toList());
        if (options.isEmpty()) {
            return;
        }
        if (spec.usageMessage().sortOptions()) {
            options.sort(Comparator.comparing(ManPage::sortKey));
        } else {
            options.sort(Comparator.comparingInt(OptionSpec::order));
        }
        out.add(".SH OPTIONS");
        for (OptionSpec o : options) {
            List<String> names = new ArrayList<>();
            for (String n : o.names()) {
                names.add(Troff.bold(o.negatable() && n.startsWith("--") ? negatable(n) : n));
            }
            out.add(".TP");
            out.add(Troff.line(String.join(", ", names) + optionParam(o)));
            argDescription(o);
        }
    }

    private void parameters() {
        List<PositionalParamSpec> params = new ArrayList<>(
                spec.positionalParameters().stream().filter(p -> !p.hidden()).toList());
        if (params.isEmpty()) {
            return;
        }
        params.sort(Comparator.comparingInt(p -> p.index().min()));
        out.add(".SH PARAMETERS");
        for (PositionalParamSpec p : params) {
            out.add(".TP");
            out.add(Troff.line(Troff.italic(p.paramLabel()) + (p.isMultiValue() || p.arity().max() > 1 ? "..." : "")));
            argDescription(p);
        }
    }

    private void subcommandList() {
        List<CommandSpec> subs = subcommands(spec);
        if (subs.isEmpty()) {
            return;
        }
        out.add(".SH SUBCOMMANDS");
        for (CommandSpec s : subs) {
            List<String> names = new ArrayList<>(List.of(Troff.bold(name(s))));
            Arrays.stream(s.aliases()).map(Troff::bold).forEach(names::add);
            out.add(".TP");
            out.add(Troff.line(String.join(", ", names)));
            String summary = summary(s, false);
            boolean stop = summary.isEmpty() || ".!?".indexOf(summary.charAt(summary.length() - 1)) >= 0;
            out.add(Troff.line(Troff.markup(summary) + (stop ? "" : ".") + " See " + Troff.ref(pageName(s)) + "."));
        }
    }

    private void exitStatus() {
        out.add(".SH EXIT STATUS");
        Map<String, String> declared = spec.usageMessage().exitCodeList();
        if (!declared.isEmpty()) {
            declared.forEach((code, text) -> status(code.strip(), Troff.format(text).strip()));
            return;
        }
        boolean runsCommand = spec.userObject() instanceof StopsAtPositional;
        if (!runsCommand) {
            status("0", "Success.");
        }
        status("125", "An error in skiff itself: invalid arguments or options, an image or container that "
                + "does not exist, or an operation that failed.");
        List<String> runners = spec.parent() == null ? runners(root.getCommandSpec()) : List.of();
        if (runsCommand || !runners.isEmpty()) {
            status("126", "The container's command was found but cannot be executed.");
            status("127", "The container's command was not found.");
        }
        if (runsCommand) {
            out.add(".PP");
            out.add("Otherwise, " + Troff.bold(qualifiedName(spec, " ")) + Troff.escape(EXITS_WITH));
        } else if (!runners.isEmpty()) {
            out.add(".PP");
            out.add(String.join(", ", runners.stream().map(Troff::bold).toList())
                    + " otherwise" + Troff.escape(runners.size() == 1 ? EXITS_WITH : EXIT_WITH));
        }
    }

    private void seeAlso() {
        Set<String> refs = new LinkedHashSet<>();
        CommandSpec top = root.getCommandSpec();
        if (spec.parent() != null) {
            refs.add(pageName(top));
            if (spec.parent() != top) {
                refs.add(pageName(spec.parent()));
            }
        }
        for (CommandSpec s : subcommands(spec)) {
            refs.add(pageName(s));
        }
        if (spec.parent() != null) {
            for (CommandSpec twin : all(top)) {
                if (twin != spec && twin.userObject() != null && spec.userObject() != null
                        && twin.userObject().getClass() == spec.userObject().getClass()) {
                    refs.add(pageName(twin));
                }
            }
        }
        refs.remove(pageName(spec));
        if (refs.isEmpty()) {
            return;
        }
        out.add(".SH SEE ALSO");
        out.add(".ad l");
        out.add(String.join(", ", refs.stream().map(Troff::ref).toList()));
        out.add(".ad");
    }

    private void status(String code, String text) {
        out.add(".TP");
        out.add(Troff.bold(code));
        out.add(Troff.line(Troff.escape(text)));
    }

    private void argDescription(ArgSpec a) {
        List<String> text = Troff.paragraphs(a.description());
        out.addAll(text.stream().map(l -> l.equals(".PP") ? ".IP" : l).toList());
        String shown = defaultValue(a);
        if (shown != null) {
            if (!text.isEmpty()) {
                out.add(".br");
            }
            out.add("Default: " + Troff.italic(shown));
        }
    }

    private String optionParam(OptionSpec o) {
        Range arity = o.arity();
        if (arity.max() == 0) {
            return "";
        }
        String label = Troff.italic(o.paramLabel()) + (arity.max() > 1 ? "..." : "");
        return arity.min() == 0 ? "[=" + label + "]" : "=" + label;
    }

    /** The default worth showing: a declared one, or a field's initial value that says something. */
    private static String defaultValue(ArgSpec a) {
        boolean helpOption = a instanceof OptionSpec o && (o.usageHelp() || o.versionHelp());
        if (helpOption || a.showDefaultValue() == Help.Visibility.NEVER
                || MENTIONS_DEFAULT.matcher(String.join("\n", a.description())).find()) {
            return null;
        }
        if (a.defaultValue() != null) {
            return a.defaultValueString();
        }
        Object v = a.initialValue();
        if (v == null || Boolean.FALSE.equals(v) || v instanceof Collection<?> c && c.isEmpty()
                || v instanceof Map<?, ?> m && m.isEmpty() || v.getClass().isArray() && Array.getLength(v) == 0) {
            return null;
        }
        if (a.showDefaultValue() != Help.Visibility.ALWAYS && v instanceof Boolean) {
            return null;
        }
        String s = a.defaultValueString();
        return s == null || s.isEmpty() || s.equals("null") ? null : s;
    }

    /** The first line of a command's description, or of its header, for NAME and listings. */
    private static String summary(CommandSpec s, boolean stripStop) {
        for (String[] lines : List.of(s.usageMessage().description(), s.usageMessage().header())) {
            for (String l : lines) {
                for (String part : Troff.format(l).split("\n")) {
                    if (!part.isBlank()) {
                        String t = part.strip();
                        return stripStop && t.endsWith(".") && !t.endsWith("..") ? t.substring(0, t.length() - 1) : t;
                    }
                }
            }
        }
        return "";
    }

    private static String sortKey(OptionSpec o) {
        return o.longestName().replaceFirst("^-+", "").toLowerCase(Locale.ROOT) + "\0" + o.longestName();
    }

    private static String negatable(String name) {
        return "--[no-]" + (name.startsWith("--no-") ? name.substring(5) : name.substring(2));
    }

    /** Qualified names of the commands that run a command in a container, such as {@code skiff run}. */
    private static List<String> runners(CommandSpec top) {
        return all(top).stream().filter(s -> s.userObject() instanceof StopsAtPositional)
                .map(s -> qualifiedName(s, " ")).toList();
    }

    /** Every visible command under and including {@code top}, depth first. */
    static List<CommandSpec> all(CommandSpec top) {
        List<CommandSpec> result = new ArrayList<>();
        result.add(top);
        for (CommandSpec s : subcommands(top)) {
            result.addAll(all(s));
        }
        return result;
    }
}

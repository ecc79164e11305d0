package dev.skiff.cli;

import java.util.List;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** Builders for the options and parameters of {@link CodedCommand}s. */
public final class Options {
    private Options() {}

    /** A boolean flag. */
    public static OptionSpec flag(String description, String... names) {
        return OptionSpec.builder(names).arity("0").type(boolean.class).description(description).build();
    }

    /** An option taking one value. */
    public static OptionSpec value(String label, String description, String... names) {
        return OptionSpec.builder(names).type(String.class).paramLabel(label).description(description).build();
    }

    /** An option that may be given many times, each adding a value. */
    public static OptionSpec repeated(String label, String description, String... names) {
        return OptionSpec.builder(names).type(List.class).auxiliaryTypes(String.class).paramLabel(label)
                .description(description).build();
    }

    /** Usage help (`--help`). */
    public static OptionSpec help(String... names) {
        return OptionSpec.builder(names).usageHelp(true).description("Show this help and exit").build();
    }

    /** A positional parameter at INDEX ("0", "1..*"). */
    public static PositionalParamSpec positional(String index, String label, String description) {
        boolean many = index.contains("..");
        PositionalParamSpec.Builder b = PositionalParamSpec.builder().index(index).paramLabel(label).description(description);
        if (many) {
            b.type(List.class).auxiliaryTypes(String.class).arity("0..*");
        } else {
            b.type(String.class).arity("1").required(true);
        }
        return b.build();
    }
}

package dev.skiff.runtime.build;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The checks docker makes on each instruction before building: a known keyword, and arguments of the shape the
 * instruction needs. Flag names and values are left to the instruction that reads them.
 */
final class InstructionChecks {
    private static final Pattern STAGE_NAME = Pattern.compile("[a-z][a-z0-9-_.]*");

    private InstructionChecks() {}

    /** Throws {@link SyntaxProblem} when {@code instruction} would not get past docker's parser. */
    static void check(Instruction instruction, InstructionLine.Split split, char escape) {
        String keyword = instruction.keyword();
        String text = instruction.text();
        switch (keyword) {
            case "FROM" -> from(text);
            case "ENV", "LABEL" -> {
                if (NameValues.pairs(text, escape, keyword, true).isEmpty()) {
                    throw atLeastOne(keyword, "NAME=value");
                }
            }
            case "ARG" -> {
                if (NameValues.pairs(text, escape, keyword, false).isEmpty()) {
                    throw atLeastOne(keyword, "NAME or NAME=default");
                }
            }
            case "MAINTAINER", "WORKDIR", "USER", "STOPSIGNAL" -> {
                if (text.isEmpty()) {
                    throw new SyntaxProblem(keyword + " requires exactly one argument", "write `" + keyword + " "
                            + switch (keyword) {
                                case "MAINTAINER" -> "name";
                                case "WORKDIR" -> "/path";
                                case "USER" -> "user[:group]";
                                default -> "SIGTERM";
                            } + "`");
                }
            }
            case "ADD", "COPY" -> sourcesAndDestination(keyword, arguments(instruction));
            case "EXPOSE" -> {
                if (text.isEmpty()) {
                    throw atLeastOne(keyword, "80/tcp");
                }
            }
            case "VOLUME" -> volume(arguments(instruction));
            case "SHELL" -> shell(instruction);
            case "HEALTHCHECK" -> healthcheck(instruction);
            case "ONBUILD" -> onbuild(split);
            case "RUN", "CMD", "ENTRYPOINT" -> { }
            default -> unknown(split.written());
        }
    }

    private static void unknown(String written) {
        if (written.isEmpty()) {
            throw new SyntaxProblem("the line holds only a line continuation", "remove the trailing escape character");
        }
        String suggestion = Keywords.suggest(written);
        throw new SyntaxProblem("unknown instruction `" + written + "`", suggestion != null
                ? "did you mean " + suggestion + "?"
                : "use one of " + String.join(", ", Keywords.ALL));
    }

    private static void from(String text) {
        List<String> args = text.isEmpty() ? List.of() : GoText.split(text, -1);
        if (args.size() == 3 && args.get(1).equalsIgnoreCase("AS")) {
            if (!STAGE_NAME.matcher(args.get(2).toLowerCase(Locale.ROOT)).matches()) {
                throw new SyntaxProblem("invalid build stage name `" + args.get(2) + "`",
                        "start it with a letter and use only letters, digits, `-`, `_` and `.`");
            }
        } else if (args.size() != 1) {
            throw new SyntaxProblem("FROM requires either one or three arguments",
                    "write `FROM image` or `FROM image AS name`");
        }
    }

    /** The arguments as docker lists them for COPY, ADD and VOLUME: the JSON strings, or the blank-separated words. */
    private static List<String> arguments(Instruction instruction) {
        if (instruction.json() != null) {
            return instruction.json();
        }
        return instruction.text().isEmpty() ? List.of() : GoText.split(instruction.text(), -1);
    }

    private static void sourcesAndDestination(String keyword, List<String> args) {
        if (args.size() < 2) {
            throw new SyntaxProblem(keyword + " requires at least two arguments, but only " + args.size()
                    + " " + (args.size() == 1 ? "was" : "were") + " given",
                    "name the sources and then the destination, as in `" + keyword + " src /dest/`");
        }
        String destination = args.getLast();
        if (isHeredocMarker(destination)) {
            throw new SyntaxProblem(keyword + " cannot take the heredoc `" + destination + "` as its destination",
                    "put a path after the heredoc, as in `" + keyword + " " + destination + " /dest`");
        }
    }

    private static boolean isHeredocMarker(String word) {
        try {
            return HeredocMarkers.parse(word) != null;
        } catch (SyntaxProblem e) {
            return false;
        }
    }

    private static void volume(List<String> args) {
        if (args.isEmpty()) {
            throw atLeastOne("VOLUME", "/data");
        }
        for (String volume : args) {
            if (GoText.trim(volume).isEmpty()) {
                throw new SyntaxProblem("VOLUME names an empty path", "give each volume a path, as in `VOLUME /data`");
            }
        }
    }

    private static void shell(Instruction instruction) {
        if (instruction.json() == null && !instruction.text().isEmpty()) {
            throw new SyntaxProblem("SHELL requires the arguments to be in JSON form",
                    "write `SHELL [\"/bin/sh\", \"-c\"]`");
        }
        if (instruction.json() == null || instruction.json().isEmpty()) {
            throw atLeastOne("SHELL", "[\"/bin/sh\", \"-c\"]");
        }
    }

    private static void healthcheck(Instruction instruction) {
        String text = instruction.text();
        if (text.isEmpty()) {
            throw atLeastOne("HEALTHCHECK", "CMD curl -f http://localhost/");
        }
        String type = InstructionLine.healthcheckType(text).toUpperCase(Locale.ROOT);
        String command = InstructionLine.healthcheckCommand(text);
        boolean noCommand = instruction.json() != null ? instruction.json().isEmpty() : command.isEmpty();
        switch (type) {
            case "NONE" -> {
                if (!noCommand) {
                    throw new SyntaxProblem("HEALTHCHECK NONE takes no arguments", "write just `HEALTHCHECK NONE`");
                }
            }
            case "CMD" -> {
                if (noCommand) {
                    throw new SyntaxProblem("HEALTHCHECK CMD has no command",
                            "write the command after CMD, as in `HEALTHCHECK CMD curl -f http://localhost/`");
                }
            }
            default -> throw new SyntaxProblem("unknown HEALTHCHECK type `" + InstructionLine.healthcheckType(text)
                    + "`", "use `HEALTHCHECK CMD command` or `HEALTHCHECK NONE`");
        }
    }

    private static void onbuild(InstructionLine.Split split) {
        if (split.inner() == null) {
            throw atLeastOne("ONBUILD", "RUN make");
        }
        String trigger = split.inner().keyword();
        if (trigger.equals("ONBUILD")) {
            throw new SyntaxProblem("`ONBUILD ONBUILD` is not allowed", "give ONBUILD a single instruction");
        }
        if (trigger.equals("FROM") || trigger.equals("MAINTAINER")) {
            throw new SyntaxProblem(trigger + " is not allowed as an ONBUILD trigger",
                    "move it out of ONBUILD");
        }
    }

    private static SyntaxProblem atLeastOne(String keyword, String example) {
        return new SyntaxProblem(keyword + " requires at least one argument", "write `" + keyword + " " + example + "`");
    }
}

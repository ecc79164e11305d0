package dev.skiff.cli;

import picocli.CommandLine.Model.CommandSpec;

/**
 * A command whose picocli model is built in code rather than read from annotations: reading
 * annotations costs tens of milliseconds at every start, which matters for `run`.
 */
public interface CodedCommand {
    /** The command's model; its user object is this command. */
    CommandSpec spec();
}

package dev.skiff.cli;

/** Marks a command whose options end at its first positional argument (`run IMAGE CMD...`). */
public interface StopsAtPositional {}

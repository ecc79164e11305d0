package dev.skiff.cli.output;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** podman's "Are you sure you want to continue? [y/N]" before a destructive command. */
public final class Confirm {
    private Confirm() {}

    /** Prints WARNING and the question; true only for an answer of y or yes on stdin. */
    public static boolean ask(PrintWriter out, String warning) throws IOException {
        out.println(warning);
        out.print("Are you sure you want to continue? [y/N] ");
        out.flush();
        String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        return answer != null && (answer.strip().equalsIgnoreCase("y") || answer.strip().equalsIgnoreCase("yes"));
    }
}

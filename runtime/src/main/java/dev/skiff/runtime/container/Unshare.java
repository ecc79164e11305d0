package dev.skiff.runtime.container;

import dev.skiff.runtime.SkiffException;
import dev.skiff.runtime.storage.StorePaths;
import dev.skiff.runtime.sys.Handoff;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * `unshare`: a command in skiff's user namespace, as root there, where the store's files (owned
 * by subordinate ids) can be read, changed and removed, as `podman unshare` does for podman's.
 */
public final class Unshare {
    private Unshare() {}

    /** Runs ARGV (or the user's shell) in the foreground and returns its exit code. */
    public static int run(StorePaths paths, List<String> argv) {
        List<String> command = argv.isEmpty() ? List.of(shell()) : argv;
        ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
        Map<String, String> env = pb.environment();
        env.put("CONTAINERS_GRAPHROOT", paths.root().toString());
        env.put("CONTAINERS_RUNROOT", paths.runDir().toString());
        env.put(ContainerMounts.IN_UNSHARE, "1");
        env.remove(Handoff.ENV); // the launcher's pipe is this JVM's, not the shell's
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            String msg = String.valueOf(e.getMessage());
            boolean missing = msg.matches("(?s).*error[=:] ?2\\b.*"); // ENOENT, as the JDK words it
            throw new SkiffException("unshare: `" + command.getFirst() + "`: "
                    + (missing ? "no such file or directory in $PATH" : "cannot execute: " + msg),
                    missing ? 127 : 126, e);
        }
        return SignalProxy.waitInForeground(p);
    }

    private static String shell() {
        String shell = System.getenv("SHELL");
        return shell != null && !shell.isEmpty() && Files.isExecutable(Path.of(shell)) ? shell : "/bin/sh";
    }
}

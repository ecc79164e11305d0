package dev.skiff.cli.command;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** `skiff version`: the version of skiff and of the Java runtime it runs on. */
@Command(name = "version", mixinStandardHelpOptions = true, description = "Display the skiff version information")
public final class VersionCommand implements Callable<Integer> {
    public static final String VERSION = "0.1.0";

    @Override
    public Integer call() {
        System.out.println("Version:      " + VERSION);
        System.out.println("Java Version: " + Runtime.version());
        System.out.println("OS/Arch:      linux/" + arch());
        return 0;
    }

    static String arch() {
        String a = System.getProperty("os.arch");
        return a.equals("x86_64") || a.equals("amd64") ? "amd64" : a.equals("aarch64") ? "arm64" : a;
    }
}

package dev.skiff.cli;

import dev.skiff.runtime.SkiffException;
import dev.skiff.runtime.sys.Handoff;
import java.io.PrintStream;
import java.io.PrintWriter;
import picocli.CommandLine;

/** Entry point: builds only the command being run, executes it, maps failures to exit codes. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        int code = run(System.out, System.err, args);
        System.out.flush();
        System.err.flush();
        Handoff.exit(code); // the launcher exits now; the caller need not wait for the JVM to wind down
        // skiff registers no shutdown hooks; exit() would first start the JDK's logging machinery
        Runtime.getRuntime().halt(code);
    }

    /** Runs skiff with the given streams and arguments and returns the exit code. */
    public static int run(PrintStream out, PrintStream err, String... args) {
        skipPicocliProbes();
        CommandLine cl = CommandTree.forArgs(args);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setParameterExceptionHandler((ex, rest) -> {
            CommandLine cmd = ex.getCommandLine();
            err.println("Error: " + oneLine(ex.getMessage()) + "; see '" + cmd.getCommandSpec().qualifiedName() + " --help'");
            return SkiffException.EXIT_SKIFF;
        });
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof SkiffException se) {
                err.println("Error: " + se.getMessage());
                return se.exitCode();
            }
            err.println("Error: " + describe(ex));
            if (System.getenv("SKIFF_DEBUG") != null) {
                ex.printStackTrace(err);
            }
            return SkiffException.EXIT_SKIFF;
        });
        return cl.execute(args);
    }

    /**
     * picocli looks for Groovy closures and for java.sql and java.time converters by loading classes
     * by name: each failed lookup reads every jar on the class path, a third of picocli's start.
     * skiff uses none of them.
     */
    private static void skipPicocliProbes() {
        System.setProperty("picocli.disable.closures", "true");
        System.setProperty("picocli.converters.excludes", "java\\.sql\\..*,java\\.time\\..*");
    }

    private static String oneLine(String s) {
        return s == null ? "invalid input" : s.strip().replace('\n', ' ');
    }

    private static String describe(Throwable ex) {
        String msg = ex.getMessage();
        String what = ex.getClass().getSimpleName();
        return msg == null || msg.isBlank() ? what : oneLine(msg) + " (" + what + ")";
    }
}

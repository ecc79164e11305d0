package dev.skiff.runtime.container;

import dev.skiff.runtime.SkiffException;
import java.util.List;
import java.util.Locale;

/** Signal names and numbers on Linux (x86_64 and arm64 share them). */
public final class Signals {
    public static final int SIGKILL = 9;
    public static final int SIGTERM = 15;

    private static final List<String> NAMES = List.of("", "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE",
            "KILL", "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN",
            "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS");

    private Signals() {}

    /** `TERM`, `SIGTERM`, `sigterm` or `15`. */
    public static int parse(String s) {
        String n = s.strip().toUpperCase(Locale.ROOT);
        if (n.startsWith("SIG")) {
            n = n.substring(3);
        }
        if (!n.isEmpty() && n.chars().allMatch(Character::isDigit)) {
            int v = Integer.parseInt(n);
            if (v >= 1 && v <= 64) {
                return v;
            }
        } else if (n.startsWith("RTMIN+") || n.startsWith("RTMAX-")) {
            try {
                int k = Integer.parseInt(n.substring(6));
                int v = n.startsWith("RTMIN+") ? 34 + k : 64 - k;
                if (v >= 34 && v <= 64) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // falls through to the error
            }
        } else {
            int i = NAMES.indexOf(n);
            if (i > 0) {
                return i;
            }
        }
        throw new SkiffException("invalid signal `" + s + "`: use a name such as TERM or KILL, or a number 1-64");
    }
}

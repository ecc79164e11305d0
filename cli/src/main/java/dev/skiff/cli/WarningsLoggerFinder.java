package dev.skiff.cli;

import java.text.MessageFormat;
import java.util.ResourceBundle;
import java.util.function.Supplier;

/**
 * The JDK's System.Logger for skiff: what the JDK logs at WARNING and ERROR goes to stderr as
 * one line, the rest is dropped. Registered in META-INF/services, it is the backend the JDK finds
 * (at the first ProcessBuilder.start of a command) instead of its own java.util.logging; the
 * class path is still searched for others, which one jar (lib/skiff.jar) keeps short.
 */
public final class WarningsLoggerFinder extends System.LoggerFinder {
    @Override
    public System.Logger getLogger(String name, Module module) {
        return new WarningsLogger(name);
    }

    private record WarningsLogger(String name) implements System.Logger {
        @Override
        public String getName() {
            return name;
        }

        @Override
        public boolean isLoggable(Level level) {
            return level.getSeverity() >= Level.WARNING.getSeverity() && level != Level.OFF;
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            if (isLoggable(level)) {
                System.err.println("skiff: " + name + ": " + msg + (thrown == null ? "" : ": " + thrown));
            }
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            if (isLoggable(level)) {
                String msg = params == null || params.length == 0 ? format : MessageFormat.format(format, params);
                System.err.println("skiff: " + name + ": " + msg);
            }
        }

        @Override
        public void log(Level level, Supplier<String> msgSupplier) {
            if (isLoggable(level)) {
                log(level, null, msgSupplier.get(), (Throwable) null);
            }
        }
    }
}

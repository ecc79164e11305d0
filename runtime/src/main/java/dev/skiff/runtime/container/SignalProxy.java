package dev.skiff.runtime.container;

import sun.misc.Signal;

/**
 * Keeps a foreground skiff alive while its container runs. A terminal's Ctrl-C already
 * reaches the container (same process group); TERM and HUP sent to skiff are passed on.
 */
final class SignalProxy {
    private SignalProxy() {}

    /** Waits for a foreground shim, passing signals on, and returns its exit code. */
    static int waitInForeground(Process shim) {
        forwardTo(shim);
        while (true) {
            try {
                return shim.waitFor();
            } catch (InterruptedException e) {
                // the container decides when it ends
            }
        }
    }

    private static void forwardTo(Process shim) {
        handle("INT", () -> { });
        handle("TERM", shim::destroy);
        handle("HUP", shim::destroy);
    }

    private static void handle(String name, Runnable action) {
        try {
            Signal.handle(new Signal(name), s -> action.run());
        } catch (IllegalArgumentException e) {
            // the JVM keeps this signal for itself (e.g. under -Xrs): leave it be
        }
    }
}

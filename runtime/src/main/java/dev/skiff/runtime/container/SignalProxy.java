package dev.skiff.runtime.container;

import sun.misc.Signal;

/**
 * Keeps a foreground skiff alive while its container runs. A terminal's Ctrl-C already
 * reaches the container (same process group); TERM and HUP sent to skiff are passed on.
 */
final class SignalProxy {
    private SignalProxy() {}

    static void forwardTo(Process shim) {
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

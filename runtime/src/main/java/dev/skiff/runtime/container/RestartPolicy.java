package dev.skiff.runtime.container;

import dev.skiff.runtime.SkiffException;

/**
 * `--restart`: what `skiff container cleanup` does when a detached container exits. A container
 * stopped by `skiff stop` (or removed) is never restarted.
 *
 * @param name       no, on-failure, always or unless-stopped
 * @param maxRetries for on-failure, how many restarts at most; 0 for no limit
 */
public record RestartPolicy(String name, int maxRetries) {
    public static final RestartPolicy NO = new RestartPolicy("no", 0);

    /** Parses podman's syntax: {@code no}, {@code on-failure[:N]}, {@code always}, {@code unless-stopped}. */
    public static RestartPolicy parse(String spec) {
        if (spec == null || spec.isEmpty() || spec.equals("no")) {
            return NO;
        }
        if (spec.equals("always") || spec.equals("unless-stopped")) {
            return new RestartPolicy(spec, 0);
        }
        if (spec.equals("on-failure")) {
            return new RestartPolicy(spec, 0);
        }
        if (spec.startsWith("on-failure:")) {
            try {
                int n = Integer.parseInt(spec.substring("on-failure:".length()));
                if (n >= 0) {
                    return new RestartPolicy("on-failure", n);
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new SkiffException("--restart " + spec + ": the retry count after on-failure: must be a number of 0 or more");
        }
        if (spec.contains(":")) {
            throw new SkiffException("--restart " + spec + ": only on-failure takes a retry count");
        }
        throw new SkiffException("--restart " + spec + ": invalid restart policy; use no, on-failure[:N], always or "
                + "unless-stopped");
    }

    /** Whether a container that exited with CODE, after RESTARTS restarts so far, starts again. */
    public boolean restarts(int code, int restarts) {
        return switch (name) {
            case "always", "unless-stopped" -> true;
            case "on-failure" -> code != 0 && (maxRetries == 0 || restarts < maxRetries);
            default -> false;
        };
    }

    @Override
    public String toString() {
        return name.equals("on-failure") && maxRetries > 0 ? name + ":" + maxRetries : name;
    }
}

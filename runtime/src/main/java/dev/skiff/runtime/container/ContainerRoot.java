package dev.skiff.runtime.container;

import dev.skiff.runtime.SkiffException;
import dev.skiff.runtime.storage.StorePaths;
import dev.skiff.runtime.sys.SafeDir;
import java.io.IOException;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * A container's root directory, open for `cp`: a running container's through its init's
 * /proc/PID/root (so its volumes and mounts are seen as it sees them), a stopped one's through
 * its overlay mounted for the command, which writes go through as the container's own would
 * (copy-up, whiteouts). Paths are resolved in it as if it were "/".
 */
public final class ContainerRoot implements AutoCloseable {
    private final ContainerDir container;
    private final SafeDir dir;
    private final boolean unmount;

    private ContainerRoot(ContainerDir container, SafeDir dir, boolean unmount) {
        this.container = container;
        this.dir = dir;
        this.unmount = unmount;
    }

    public static ContainerRoot open(ContainerDir c, StorePaths paths) {
        OptionalLong pid = c.pid();
        if (c.running() && pid.isPresent()) {
            try {
                return new ContainerRoot(c, SafeDir.openThrough(Path.of("/proc/" + pid.getAsLong() + "/root")), false);
            } catch (IOException e) {
                if (c.running()) {
                    throw new SkiffException("open the root of container " + c.name() + ": " + e.getMessage(), e);
                }
                // it stopped in between: its files are read as a stopped container's
            }
        }
        boolean mountedHere = ContainerMounts.mount(c, paths);
        try {
            return new ContainerRoot(c, SafeDir.open(c.rootfs()), mountedHere);
        } catch (IOException e) {
            if (mountedHere) {
                ContainerMounts.unmount(c);
            }
            throw new SkiffException("open the root of container " + c.name() + ": " + e.getMessage(), e);
        }
    }

    /** The root, for paths resolved with {@link SafeDir.Scope#IN_ROOT}. */
    public SafeDir dir() {
        return dir;
    }

    @Override
    public void close() {
        dir.close();
        if (unmount) {
            ContainerMounts.unmount(container);
        }
    }
}

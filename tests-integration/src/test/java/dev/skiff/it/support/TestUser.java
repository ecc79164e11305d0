package dev.skiff.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The unprivileged account that runs skiff in these tests, with its subordinate id ranges.
 *
 * <p>When the tests run as root, this is the user named by the system property
 * {@code skiff.it.user} (default {@code skiff-test}) and every command is started through
 * {@code runuser}; otherwise it is the current user and commands are started directly.
 */
public record TestUser(String name, int uid, int gid, IdRange subUids, IdRange subGids, boolean viaRunuser) {

    /** A range of subordinate ids from /etc/subuid or /etc/subgid. */
    public record IdRange(long start, long count) {
        public boolean contains(long id) {
            return id >= start && id < start + count;
        }
    }

    private static TestUser current;

    /** The test user for this run, resolved once. */
    public static synchronized TestUser get() {
        if (current == null) current = resolve();
        return current;
    }

    /** The id outside that a container id maps to under skiff's user namespace. */
    public long hostUid(long containerUid) {
        if (containerUid == 0) return uid;
        if (subUids == null || containerUid > subUids.count()) {
            throw new IllegalArgumentException("container uid " + containerUid + " is outside " + name + "'s mapping");
        }
        return subUids.start() + containerUid - 1;
    }

    /** Whether a uid outside belongs to this user or to one of its subordinate ids. */
    public boolean ownsUid(long hostUid) {
        return hostUid == uid || (subUids != null && subUids.contains(hostUid));
    }

    private static TestUser resolve() {
        boolean root = processUid() == 0;
        String name = root ? System.getProperty("skiff.it.user", "skiff-test") : System.getProperty("user.name");
        Cmd.Result uid = Cmd.run(List.of("id", "-u", name), Duration.ofSeconds(10));
        Cmd.Result gid = Cmd.run(List.of("id", "-g", name), Duration.ofSeconds(10));
        if (uid.exitCode() != 0 || gid.exitCode() != 0) {
            throw new IllegalStateException("test user " + name + " does not exist; run ./test.sh as root once to create it");
        }
        int u = Integer.parseInt(uid.stdout().strip());
        int g = Integer.parseInt(gid.stdout().strip());
        return new TestUser(name, u, g, range(Path.of("/etc/subuid"), name, u), range(Path.of("/etc/subgid"), name, u), root);
    }

    /** The uid of this JVM. */
    public static int processUid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static IdRange range(Path file, String name, int uid) {
        try {
            if (!Files.exists(file)) return null;
            for (String line : Files.readAllLines(file)) {
                String[] f = line.strip().split(":");
                if (f.length == 3 && (f[0].equals(name) || f[0].equals(Integer.toString(uid)))) {
                    return new IdRange(Long.parseLong(f[1]), Long.parseLong(f[2]));
                }
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

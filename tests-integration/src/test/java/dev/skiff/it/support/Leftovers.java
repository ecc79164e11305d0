package dev.skiff.it.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a skiff command may leave behind on the host, looked at from outside: processes of
 * the test user, mounts under its directories, container and temp directories in its store,
 * per-container state in its runtime directory, cgroups and files in /tmp.
 */
public final class Leftovers {

    private static final Pattern CONTAINER_ID = Pattern.compile("[0-9a-f]{64}");

    /** What existed before a test for reasons of its own: processes, cgroups and /tmp entries. */
    public record Snapshot(Set<String> processes, Set<String> cgroups, Set<String> tmpEntries) {
    }

    private Leftovers() {
    }

    static Snapshot snapshot(Skiff skiff) {
        return skiff.workspace().apartFromSharedSetup(() -> {
            Set<String> procs = new TreeSet<>();
            for (ProcessInfo p : processes(skiff)) procs.add(p.identity());
            return new Snapshot(procs, cgroupsOf(skiff.user()), tmpEntriesOf(skiff));
        });
    }

    /** Fails, listing every leftover, unless nothing is left (processes get a few seconds to go). */
    static void assertNoneSince(Skiff skiff, Snapshot before) {
        List<String> problems = skiff.workspace().apartFromSharedSetup(() -> {
            List<String> found;
            long deadline = System.nanoTime() + 5_000_000_000L;
            do {
                found = find(skiff, before);
                if (found.isEmpty()) break;
                sleep(100);
            } while (System.nanoTime() < deadline);
            return found;
        });
        if (!problems.isEmpty()) throw new AssertionError("left behind:\n  " + String.join("\n  ", problems));
    }

    /** Ends every process that belongs to this test class, so that one failure does not spread. */
    static void killProcessesOf(Skiff skiff, Snapshot before) {
        skiff.workspace().apartFromSharedSetup(() -> {
            killNew(skiff, before);
            return null;
        });
    }

    private static void killNew(Skiff skiff, Snapshot before) {
        for (int round = 0; round < 2; round++) {
            List<Long> pids = processes(skiff).stream().filter(p -> !before.processes().contains(p.identity()))
                    .map(ProcessInfo::pid).toList();
            if (pids.isEmpty()) return;
            String signal = round == 0 ? "-TERM" : "-KILL";
            List<String> argv = new ArrayList<>(List.of("kill", signal));
            pids.forEach(p -> argv.add(Long.toString(p)));
            Cmd.run(argv, java.time.Duration.ofSeconds(10));
            sleep(1000);
        }
    }

    private static List<String> find(Skiff skiff, Snapshot before) {
        List<String> problems = new ArrayList<>();
        for (ProcessInfo p : processes(skiff)) {
            if (!before.processes().contains(p.identity())) problems.add("process " + p);
        }
        problems.addAll(mounts(skiff));
        problems.addAll(storageEntries(skiff));
        problems.addAll(runtimeEntries(skiff));
        for (String c : cgroupsOf(skiff.user())) {
            if (!before.cgroups().contains(c)) problems.add("cgroup " + c);
        }
        for (String t : tmpEntriesOf(skiff)) {
            if (!before.tmpEntries().contains(t)) problems.add("temp file " + t);
        }
        return problems;
    }

    record ProcessInfo(long pid, long uid, String startTime, String cmdline) {
        /** Pid and start time: a process, even when its pid is later reused. */
        String identity() {
            return pid + "@" + startTime;
        }

        @Override
        public String toString() {
            return pid + " (uid " + uid + "): " + cmdline;
        }
    }

    /**
     * Processes started for this test class: those whose environment names its home or
     * runtime directory and, when the tests run as root, any process of the test user or of
     * its subordinate ids (a container's processes run as those).
     */
    static List<ProcessInfo> processes(Skiff skiff) {
        List<ProcessInfo> found = new ArrayList<>();
        String homeMark = "HOME=" + skiff.home();
        String runMark = "XDG_RUNTIME_DIR=" + skiff.runtimeDir();
        long self = ProcessHandle.current().pid();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
                long pid = Long.parseLong(proc.getFileName().toString());
                if (pid == self) continue;
                long uid = uidOf(proc);
                if (uid < 0) continue;
                boolean ours = skiff.user().viaRunuser() && skiff.user().ownsUid(uid);
                if (!ours) {
                    String environ = readText(proc.resolve("environ"));
                    ours = environ != null && Stream.of(environ.split("\0")).anyMatch(e -> e.equals(homeMark) || e.equals(runMark));
                }
                if (ours) {
                    String cmdline = readText(proc.resolve("cmdline"));
                    if (cmdline == null) continue; // gone meanwhile
                    found.add(new ProcessInfo(pid, uid, startTime(proc), cmdline.replace('\0', ' ').strip()));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc", e);
        }
        return found;
    }

    /** Field 22 of /proc/PID/stat, counted after the parenthesised command name. */
    private static String startTime(Path proc) {
        String stat = readText(proc.resolve("stat"));
        if (stat == null) return "?";
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return f.length > 19 ? f[19] : "?";
    }

    private static long uidOf(Path proc) {
        String status = readText(proc.resolve("status"));
        if (status == null) return -1;
        for (String line : status.split("\n")) {
            if (line.startsWith("Uid:")) return Long.parseLong(line.substring(4).strip().split("\\s+")[0]);
        }
        return -1;
    }

    private static List<String> mounts(Skiff skiff) {
        String sandbox = skiff.home().getParent().toString();
        List<String> found = new ArrayList<>();
        for (String[] m : mountinfo()) {
            String point = unescape(m[4]);
            if (point.equals(sandbox) || point.startsWith(sandbox + "/")) found.add("mount " + point);
        }
        return found;
    }

    private static List<String> storageEntries(Skiff skiff) {
        List<String> found = new ArrayList<>();
        Path containers = skiff.storage().resolve("containers");
        for (Path p : list(containers)) {
            if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) found.add("container directory " + p);
        }
        for (Path p : list(skiff.storage().resolve("tmp"))) {
            if (!isLock(p)) found.add("storage temp entry " + p);
        }
        return found;
    }

    private static List<String> runtimeEntries(Skiff skiff) {
        Path state = skiff.runtimeDir().resolve("skiff");
        if (!Files.isDirectory(state)) return List.of();
        try (Stream<Path> all = Files.walk(state, 6)) {
            return all.filter(p -> CONTAINER_ID.matcher(p.getFileName().toString()).matches())
                    .map(p -> "container state " + p).toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            // a file went while the walk ran (the pause process removes pause.pid as it leaves): looked at again
            return List.of("cannot read " + state + ": " + e);
        }
    }

    /** Directories in the cgroup2 hierarchy owned by the test user or its subordinate ids. */
    private static Set<String> cgroupsOf(TestUser user) {
        Set<String> found = new TreeSet<>();
        for (String[] m : mountinfo()) {
            int dash = List.of(m).indexOf("-");
            if (dash < 0 || dash + 1 >= m.length || !m[dash + 1].equals("cgroup2")) continue;
            Path root = Path.of(unescape(m[4]));
            try (Stream<Path> dirs = Files.walk(root, 16)) {
                dirs.filter(Files::isDirectory).filter(d -> ownerOf(d) >= 0 && user.ownsUid(ownerOf(d)))
                        .forEach(d -> found.add(d.toString()));
            } catch (IOException | RuntimeException e) {
                // a cgroup that vanished while being walked
            }
        }
        return found;
    }

    /** Top-level entries of /tmp and /var/tmp that skiff may have made for this user. */
    private static Set<String> tmpEntriesOf(Skiff skiff) {
        Set<String> found = new TreeSet<>();
        Path workspace = skiff.workspace().root();
        for (Path p : Stream.of("/tmp", "/var/tmp").flatMap(d -> list(Path.of(d)).stream()).toList()) {
            if (p.equals(workspace)) continue;
            long owner = ownerOf(p);
            boolean mine = skiff.user().viaRunuser()
                    ? skiff.user().ownsUid(owner)
                    : (skiff.user().subUids() != null && skiff.user().subUids().contains(owner))
                            || p.getFileName().toString().toLowerCase().contains("skiff");
            if (mine && !p.getFileName().toString().startsWith("skiff-it-")) found.add(p.toString());
        }
        return found;
    }

    private static boolean isLock(Path p) {
        String n = p.getFileName().toString();
        return n.equals("lock") || n.endsWith(".lock");
    }

    private static long ownerOf(Path p) {
        try {
            return ((Number) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static List<Path> list(Path dir) {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static List<String[]> mountinfo() {
        String text = readText(Path.of("/proc/self/mountinfo"));
        if (text == null) return List.of();
        return text.lines().map(l -> l.split(" ")).filter(f -> f.length > 5).toList();
    }

    private static String unescape(String field) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length()) {
                sb.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String readText(Path p) {
        try {
            return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

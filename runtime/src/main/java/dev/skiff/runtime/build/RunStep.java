package dev.skiff.runtime.build;

import dev.skiff.runtime.SkiffException;
import dev.skiff.runtime.container.ContainerDir;
import dev.skiff.runtime.container.NetworkOptions;
import dev.skiff.runtime.container.RunOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * RUN: the command in a container of the current image (the stage's environment, user, working
 * directory and build arguments, the build's network, `--mount` secrets, caches, tmpfs and
 * binds), its changes committed as one layer. A command that fails ends the build with its exit code.
 */
final class RunStep {
    private RunStep() {}

    static StageBuild.Step prepare(StageBuild s, Instruction i) {
        List<String> argv = argv(s, i);
        List<String> env = new ArrayList<>();
        s.args.forEach((k, v) -> {
            if (v != null && s.env().stream().noneMatch(e -> e.startsWith(k + "="))) {
                env.add(k + "=" + v);
            }
        });
        for (String proxy : ImageBuilder.PROXY_ARGS) {
            if (s.b.options.buildArgs().containsKey(proxy) && !s.args.containsKey(proxy)) {
                String v = BuildArgs.given(s.b, proxy);
                if (v != null) {
                    env.add(proxy + "=" + v);
                    s.b.usedArgs.add(proxy);
                }
            }
        }
        RunMounts mounts = RunMounts.parse(s, i);
        NetworkOptions network = network(s, i);
        String createdBy = i.json() != null ? "/bin/sh -c #(nop) " + i.original() : String.join(" ", argv);
        return new StageBuild.Step() {
            @Override
            public String keyParts() {
                return String.join("\0", argv) + "\0" + mounts.keyParts();
            }

            @Override
            public String make() {
                List<WorkingContainer> bound = new ArrayList<>();
                try {
                    return run(mounts.open(s, i, bound));
                } finally {
                    bound.forEach(WorkingContainer::close);
                }
            }

            private String run(List<String> mountFlags) {
                ContainerDir dir = s.b.runner.create(RunOptions.buildStep(s.imageId, argv, env, s.workdir(), s.user(),
                        network, mountFlags));
                try {
                    int code = s.b.runner.runToEnd(dir, s.b.out.quiet());
                    if (code != 0) {
                        throw new SkiffException("error building at STEP \"" + i.original() + "\" ("
                                + s.b.stages.file().file() + ":" + i.line() + "): exit status " + code, code, null);
                    }
                    removeMountPoints(dir, mounts.destinations());
                    return s.b.commit.commit(s.docCopy(), s.layerCount, dir, createdBy);
                } finally {
                    WorkingContainer.remove(s.b, dir);
                }
            }
        };
    }

    /** The exec form as written; the shell form through SHELL, heredocs given to the shell as written. */
    private static List<String> argv(StageBuild s, Instruction i) {
        if (i.json() != null) {
            if (i.json().isEmpty()) {
                throw s.error(i, "RUN [] runs nothing; give a command");
            }
            return i.json();
        }
        String text = i.text();
        if (text.isEmpty() && i.heredocs().isEmpty()) {
            throw s.error(i, "RUN needs a command");
        }
        List<String> argv = new ArrayList<>(s.shell());
        if (!i.heredocs().isEmpty()) {
            Heredoc only = i.heredocs().getFirst();
            if (i.heredocs().size() == 1 && text.strip().matches("<<-?[\"']?" + java.util.regex.Pattern.quote(only.name())
                    + "[\"']?")) {
                argv.add(only.content()); // the body is the script
                return argv;
            }
            StringBuilder script = new StringBuilder(text);
            for (Heredoc h : i.heredocs()) {
                script.append('\n').append(h.content()).append(h.name());
            }
            argv.add(script.toString());
            return argv;
        }
        argv.add(text);
        return argv;
    }

    /** `RUN --network=…` or the build's `--network`. */
    private static NetworkOptions network(StageBuild s, Instruction i) {
        String mode = i.flag("network");
        NetworkOptions given = s.b.options.network();
        if (mode == null || mode.equals("default")) {
            return given;
        }
        if (!mode.equals("none") && !mode.equals("host")) {
            throw s.error(i, "RUN --network=" + mode + ": expected default, none or host");
        }
        return new NetworkOptions(mode, List.of(), false, given.dns(), given.addHost());
    }

    /**
     * Removes from the container's changes the empty files and directories that only stood for
     * mount points (a secret's file, a cache's directory), unless the image had them.
     */
    private static void removeMountPoints(ContainerDir dir, List<String> destinations) {
        Path upper = dir.upper();
        for (String d : destinations) {
            Path p = upper.resolve(d.replaceAll("^/+", ""));
            try {
                while (!p.equals(upper) && Files.exists(p, LinkOption.NOFOLLOW_LINKS)
                        && (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? isEmpty(p) : Files.size(p) == 0)) {
                    Files.delete(p);
                    p = p.getParent();
                }
            } catch (IOException e) {
                throw new SkiffException("remove the mount point " + d + " from the step's changes: " + e.getMessage(), e);
            }
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (var ds = Files.newDirectoryStream(dir)) {
            return !ds.iterator().hasNext();
        }
    }
}

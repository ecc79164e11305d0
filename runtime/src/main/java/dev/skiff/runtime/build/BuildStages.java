package dev.skiff.runtime.build;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * A Dockerfile cut into its stages: the ARGs before the first FROM, then one stage per FROM with
 * its base (an image, `scratch` or an earlier stage) and its instructions; and which stages a
 * target needs, through FROM and COPY --from, so that only those are built.
 */
public final class BuildStages {
    /**
     * One stage.
     *
     * @param index        its position, from 0
     * @param name         its `AS` name, lower-cased, or null
     * @param from         its FROM instruction
     * @param instructions what follows FROM, up to the next FROM
     */
    public record Stage(int index, String name, Instruction from, List<Instruction> instructions) {
        /** How errors and progress name it: its name, or its index. */
        public String label() {
            return name != null ? name : Integer.toString(index);
        }
    }

    private final Dockerfile file;
    private final List<Instruction> globalArgs;
    private final List<Stage> stages;

    private BuildStages(Dockerfile file, List<Instruction> globalArgs, List<Stage> stages) {
        this.file = file;
        this.globalArgs = globalArgs;
        this.stages = stages;
    }

    /** Cuts FILE into stages; only ARG may come before the first FROM. */
    public static BuildStages of(Dockerfile file) {
        List<Instruction> globalArgs = new ArrayList<>();
        List<Stage> stages = new ArrayList<>();
        Instruction from = null;
        String name = null;
        List<Instruction> body = new ArrayList<>();
        for (Instruction i : file.instructions()) {
            if (i.keyword().equals("FROM")) {
                if (from != null) {
                    stages.add(new Stage(stages.size(), name, from, List.copyOf(body)));
                }
                from = i;
                name = stageName(file, i);
                body.clear();
            } else if (from == null) {
                if (!i.keyword().equals("ARG")) {
                    throw error(file, i, "`" + i.keyword() + "` before the first FROM; only ARG may come before it");
                }
                globalArgs.add(i);
            } else {
                body.add(i);
            }
        }
        if (from == null) {
            throw new dev.skiff.runtime.SkiffException(file.file() + ": no FROM instruction; a Dockerfile starts with "
                    + "FROM IMAGE (or FROM scratch)");
        }
        stages.add(new Stage(stages.size(), name, from, List.copyOf(body)));
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (Stage s : stages) {
            if (s.name() != null && seen.putIfAbsent(s.name(), s.index()) != null) {
                throw error(file, s.from(), "stage name `" + s.name() + "` is used twice; give each stage its own name");
            }
        }
        return new BuildStages(file, List.copyOf(globalArgs), List.copyOf(stages));
    }

    /** `FROM image [AS name]`: the name, lower-cased, or null. */
    private static String stageName(Dockerfile file, Instruction from) {
        String[] words = from.text().strip().split("\\s+");
        if (words.length == 1) {
            return null;
        }
        if (words.length != 3 || !words[1].equalsIgnoreCase("AS")) {
            throw error(file, from, "expected `FROM IMAGE [AS NAME]`, found `FROM " + from.text() + "`");
        }
        String name = words[2].toLowerCase(Locale.ROOT);
        if (!name.matches("[a-z][a-z0-9_.-]*")) {
            throw error(file, from, "stage name `" + words[2] + "`: use letters, digits, `_`, `.` and `-`, "
                    + "starting with a letter");
        }
        return name;
    }

    public Dockerfile file() {
        return file;
    }

    /** The ARG instructions before the first FROM. */
    public List<Instruction> globalArgs() {
        return globalArgs;
    }

    public List<Stage> all() {
        return stages;
    }

    /** The stage TARGET names (its name, or its index), or the last one when TARGET is null. */
    public Stage target(String target) {
        if (target == null || target.isEmpty()) {
            return stages.getLast();
        }
        return find(target).orElseThrow(() -> new dev.skiff.runtime.SkiffException("--target `" + target + "`: no such stage in "
                + file.file() + "; its stages are " + stages.stream().map(Stage::label).toList()));
    }

    /** The stage REF names: an `AS` name, or an index. */
    public java.util.Optional<Stage> find(String ref) {
        String r = ref.toLowerCase(Locale.ROOT);
        for (Stage s : stages) {
            if (r.equals(s.name())) {
                return java.util.Optional.of(s);
            }
        }
        if (r.matches("[0-9]{1,6}")) {
            int i = Integer.parseInt(r);
            if (i < stages.size()) {
                return java.util.Optional.of(stages.get(i));
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * The stages TARGET needs, in Dockerfile order, TARGET last. REFS gives what a stage refers to
     * (its FROM base and its COPY --from sources, as written after expansion); a reference to a
     * stage counts only when that stage comes earlier.
     */
    public List<Stage> needed(Stage target, Function<Stage, List<String>> refs) {
        BitSet need = new BitSet();
        List<Stage> work = new ArrayList<>(List.of(target));
        need.set(target.index());
        while (!work.isEmpty()) {
            Stage s = work.removeLast();
            for (String ref : refs.apply(s)) {
                find(ref).filter(d -> d.index() < s.index() && !need.get(d.index())).ifPresent(d -> {
                    need.set(d.index());
                    work.add(d);
                });
            }
        }
        return stages.stream().filter(s -> need.get(s.index())).toList();
    }

    static DockerfileException error(Dockerfile file, Instruction i, String what) {
        return new DockerfileException(file.file(), i.line(), what, (Throwable) null);
    }
}

package dev.skiff.runtime.build;

import dev.skiff.oci.json.Json;
import dev.skiff.runtime.SkiffException;
import dev.skiff.runtime.image.StoredImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One stage of a build: its FROM, the base image's ONBUILD triggers, then each instruction as a
 * step whose result is an intermediate image, taken from the layer cache when the same step
 * was made before on the same parent.
 */
final class StageBuild {
    final ImageBuilder b;
    final BuildStages.Stage stage;
    private final String prefix;
    final char escape;
    final Map<String, String> args = new LinkedHashMap<>();
    String imageId;
    Map<String, Object> doc;
    int layerCount;
    boolean cmdSet;

    StageBuild(ImageBuilder b, BuildStages.Stage stage, String prefix) {
        this.b = b;
        this.stage = stage;
        this.prefix = prefix;
        this.escape = b.stages.file().escape();
    }

    /** The stage references of S: its FROM base and its COPY --from sources, expanded with the global ARGs. */
    static List<String> references(ImageBuilder b, BuildStages.Stage s) {
        List<String> refs = new ArrayList<>();
        char escape = b.stages.file().escape();
        refs.add(baseName(b, s.from(), escape));
        for (Instruction i : s.instructions()) {
            String from = i.keyword().equals("COPY") || i.keyword().equals("ADD") ? i.flag("from") : null;
            if (from != null) {
                refs.add(ShellWords.expand(from, escape, b.globalArgs::get));
            }
            if (i.keyword().equals("RUN")) {
                for (String mount : i.flagValues("mount")) {
                    String bound = RunMounts.options(ShellWords.expand(mount, escape, b.globalArgs::get)).get("from");
                    if (bound != null) {
                        refs.add(bound);
                    }
                }
            }
        }
        return refs;
    }

    /**
     * The image FLAG (`COPY --from`, `RUN --mount from`) names with FROM: an earlier stage's
     * result, or an image by name (pulled as needed).
     */
    String imageFrom(Instruction i, String flag, String from) {
        var earlier = b.stages.find(from);
        if (earlier.isPresent()) {
            if (earlier.get().index() >= stage.index()) {
                throw error(i, flag + "=" + from + ": stage `" + from + "` comes later; a stage can use only "
                        + "those before it");
            }
            return b.stageResults.get(earlier.get().index());
        }
        StoredImage image = b.bases.find(from);
        if (image == null) {
            throw error(i, flag + "=" + from + ": no stage and no image of that name; check the name");
        }
        return image.id();
    }

    private static String baseName(ImageBuilder b, Instruction from, char escape) {
        String word = from.text().strip().split("\\s+")[0];
        try {
            String name = ShellWords.expand(word, escape, b.globalArgs::get);
            if (name.isEmpty()) {
                throw BuildStages.error(b.stages.file(), from, "FROM `" + word + "` expands to nothing; "
                        + "give the ARG a value or a default");
            }
            return name;
        } catch (IllegalArgumentException e) {
            throw BuildStages.error(b.stages.file(), from, e.getMessage());
        }
    }

    /** Builds the stage and returns its image's id. */
    String build() {
        int total = stage.instructions().size() + 1;
        b.out.step(prefix, 1, total, stage.from().original());
        atLine(stage.from(), this::from);
        int n = 1;
        for (Instruction i : stage.instructions()) {
            n++;
            b.out.step(prefix, n, total, i.original());
            atLine(i, () -> step(i));
        }
        if (stage.instructions().isEmpty()) {
            b.out.committed(imageId);
        }
        return imageId;
    }

    /** Runs WHAT for instruction I; skiff's own errors then name the Dockerfile and line. */
    private void atLine(Instruction i, Runnable what) {
        try {
            what.run();
        } catch (DockerfileException e) {
            throw e;
        } catch (SkiffException e) {
            if (e.exitCode() != SkiffException.EXIT_SKIFF) {
                throw e;
            }
            throw new DockerfileException(b.stages.file().file(), i.line(), e.getMessage(), e);
        }
    }

    /** FROM: the base's config, then its ONBUILD triggers as steps of this stage. */
    @SuppressWarnings("unchecked")
    private void from() {
        Instruction from = stage.from();
        String ref = baseName(b, from, escape);
        java.util.Optional<BuildStages.Stage> earlier = b.stages.find(ref)
                .filter(s -> s.index() < stage.index());
        if (earlier.isPresent()) {
            load(b.stageResults.get(earlier.get().index()));
        } else if (ref.equals("scratch")) {
            load(b.scratch());
        } else {
            StoredImage base = b.bases.find(ref);
            if (base == null) {
                throw BuildStages.error(b.stages.file(), from, "FROM `" + ref + "`: image not known and not pulled; "
                        + "check the name, or pull it first");
            }
            load(base);
        }
        Map<String, Object> config = configOf(doc);
        if (config.get("OnBuild") instanceof List<?> triggers && !triggers.isEmpty()) {
            config.remove("OnBuild");
            for (Object t : triggers) {
                Instruction trigger = DockerfileParser.parseOne(String.valueOf(t), from.line(), escape);
                step(trigger);
            }
        }
    }

    /** Makes image ID the stage's current state. */
    void load(String id) {
        load(b.image(id));
    }

    /** Makes IMAGE the stage's current state. */
    @SuppressWarnings("unchecked")
    private void load(StoredImage image) {
        imageId = image.id();
        doc = Json.read(b.images.configBlob(image), LinkedHashMap.class);
        layerCount = b.images.runConfig(image).layerChainIds().size();
    }

    private void step(Instruction i) {
        switch (i.keyword()) {
            case "ARG" -> BuildArgs.declare(b, i, escape, args, b.globalArgs, this::lookup);
            case "RUN" -> cached(i, RunStep.prepare(this, i));
            case "COPY", "ADD" -> cached(i, CopyPlan.prepare(this, i));
            case "FROM" -> throw BuildStages.error(b.stages.file(), i, "FROM cannot be an ONBUILD trigger");
            case "ONBUILD" -> {
                Instruction inner = DockerfileParser.parseOne(i.text(), i.line(), escape);
                if (inner.keyword().equals("ONBUILD") || inner.keyword().equals("FROM")
                        || inner.keyword().equals("MAINTAINER")) {
                    throw BuildStages.error(b.stages.file(), i, "ONBUILD " + inner.keyword() + " is not allowed");
                }
                cached(i, ConfigStep.prepare(this, i));
            }
            default -> cached(i, ConfigStep.prepare(this, i));
        }
    }

    /** A prepared step: what its cache key holds beyond the parent and the instruction, and how to make it. */
    interface Step {
        String keyParts();

        /** Makes the step's image from the current state and returns its id. */
        String make();
    }

    private void cached(Instruction i, Step step) {
        String key = BuildCache.key(imageId, i.original(), argsKey(), step.keyParts());
        if (b.options.layers() && !b.options.noCache()) {
            java.util.Optional<StoredImage> hit = b.cache.get(key).flatMap(b.images::resolve);
            if (hit.isPresent()) {
                b.out.usingCache(hit.get().id());
                load(hit.get());
                b.out.committed(imageId);
                return;
            }
        }
        String id = step.make();
        b.made.add(id);
        if (b.options.layers()) {
            b.cache.put(key, id);
        }
        load(id);
        b.out.committed(id);
    }

    /** The declared ARG values (not the proxies), which RUN sees and expansion may use. */
    private String argsKey() {
        StringBuilder s = new StringBuilder();
        args.forEach((k, v) -> {
            if (!ImageBuilder.PROXY_ARGS.contains(k)) {
                s.append(k).append('=').append(v).append('\0');
            }
        });
        return s.toString();
    }

    /** A variable's value for expansion: ENV first, then ARG. */
    String lookup(String name) {
        for (String e : env()) {
            if (e.startsWith(name + "=")) {
                return e.substring(name.length() + 1);
            }
        }
        return args.get(name);
    }

    Function<String, String> lookup() {
        return this::lookup;
    }

    List<String> env() {
        return configOf(doc).get("Env") instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
    }

    String workdir() {
        Object w = configOf(doc).get("WorkingDir");
        return w == null || w.toString().isEmpty() ? "/" : w.toString();
    }

    String user() {
        Object u = configOf(doc).get("User");
        return u == null ? "" : u.toString();
    }

    List<String> shell() {
        return configOf(doc).get("Shell") instanceof List<?> l && !l.isEmpty()
                ? l.stream().map(String::valueOf).toList() : List.of("/bin/sh", "-c");
    }

    /** Expands WORD with this stage's variables; errors name the instruction's line. */
    String expand(Instruction i, String word) {
        try {
            return ShellWords.expand(word, escape, this::lookup);
        } catch (IllegalArgumentException e) {
            throw error(i, e.getMessage());
        }
    }

    /** The words of I's text, variables expanded; errors name the instruction's line. */
    List<String> words(Instruction i) {
        try {
            return ShellWords.words(i.text(), escape, this::lookup);
        } catch (IllegalArgumentException e) {
            throw error(i, e.getMessage());
        }
    }

    DockerfileException error(Instruction i, String what) {
        return BuildStages.error(b.stages.file(), i, what);
    }

    /** The `config` object of an image config DOC, made when missing. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> configOf(Map<String, Object> doc) {
        if (!(doc.get("config") instanceof Map<?, ?> m)) {
            Map<String, Object> c = new LinkedHashMap<>();
            doc.put("config", c);
            return c;
        }
        if (!(m instanceof LinkedHashMap<?, ?>)) {
            Map<String, Object> c = new LinkedHashMap<>((Map<String, Object>) m);
            doc.put("config", c);
            return c;
        }
        return (Map<String, Object>) m;
    }

    /** A copy of the current config document, for a step to change. */
    @SuppressWarnings("unchecked")
    Map<String, Object> docCopy() {
        return Json.read(Json.toBytes(doc), LinkedHashMap.class);
    }
}

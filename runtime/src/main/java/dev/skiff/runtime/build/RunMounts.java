package dev.skiff.runtime.build;

import dev.skiff.runtime.SkiffException;
import dev.skiff.runtime.sys.SafeDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * `RUN --mount=…`: a secret of `--secret` (type=secret), a directory kept between builds
 * (type=cache), a tmpfs (type=tmpfs), or a path of the build context or of an earlier stage's or
 * another image's file system (type=bind, read-only unless `rw`), as the step container's
 * `--mount` values. None of them ends up in the step's layer.
 *
 * @param flags        the container's `--mount` values, but for binds from images
 * @param fromImages   the binds from images, mounted only when the step runs
 * @param destinations where they are mounted, to leave their mount points out of the layer
 * @param keyParts     what of them the cache key holds: the bound files' hash, the bound images' ids
 */
record RunMounts(List<String> flags, List<FromImage> fromImages, List<String> destinations, String keyParts) {
    /** A bind of SOURCE in the file system of image IMAGE_ID at TARGET. */
    record FromImage(String imageId, String source, String target, boolean writable) {}

    static RunMounts parse(StageBuild s, Instruction i) {
        List<String> flags = new ArrayList<>();
        List<FromImage> fromImages = new ArrayList<>();
        List<String> destinations = new ArrayList<>();
        StringBuilder key = new StringBuilder();
        for (String spec : i.flagValues("mount")) {
            Map<String, String> o = options(s.expand(i, spec));
            String type = o.getOrDefault("type", "bind");
            String target = o.getOrDefault("target", o.getOrDefault("dst", o.get("destination")));
            switch (type) {
                case "secret" -> {
                    String id = o.getOrDefault("id", target == null ? null : Path.of(target).getFileName().toString());
                    if (id == null) {
                        throw s.error(i, "RUN --mount=" + spec + ": a secret needs id=ID");
                    }
                    Path src = s.b.options.secrets().get(id);
                    if (src == null) {
                        if (o.getOrDefault("required", "false").equals("true") || o.containsKey("required")
                                && o.get("required").isEmpty()) {
                            throw s.error(i, "secret `" + id + "` is required: give it with --secret id=" + id + ",src=FILE");
                        }
                        continue;
                    }
                    String dest = target != null ? target : "/run/secrets/" + id;
                    flags.add("type=bind,source=" + src + ",destination=" + dest + ",ro");
                    destinations.add(dest);
                }
                case "cache" -> {
                    if (target == null) {
                        throw s.error(i, "RUN --mount=" + spec + ": a cache needs target=PATH");
                    }
                    String id = o.getOrDefault("id", target);
                    Path dir = s.b.paths.root().resolve("build-mounts").resolve(
                            dev.skiff.oci.digest.Digest.of(id.getBytes(java.nio.charset.StandardCharsets.UTF_8)).hex());
                    try {
                        Files.createDirectories(dir);
                    } catch (IOException e) {
                        throw new SkiffException("create the build cache directory " + dir + ": " + e.getMessage(), e);
                    }
                    flags.add("type=bind,source=" + dir + ",destination=" + target);
                    destinations.add(target);
                }
                case "tmpfs" -> {
                    if (target == null) {
                        throw s.error(i, "RUN --mount=" + spec + ": a tmpfs needs target=PATH");
                    }
                    flags.add("type=tmpfs,destination=" + target);
                    destinations.add(target);
                }
                case "bind" -> {
                    if (target == null) {
                        throw s.error(i, "RUN --mount=" + spec + ": a bind mount needs target=PATH");
                    }
                    boolean writable = o.containsKey("rw") || o.containsKey("readwrite");
                    if (o.containsKey("from")) {
                        String image = s.imageFrom(i, "RUN --mount from", o.get("from"));
                        String source = o.getOrDefault("source", o.getOrDefault("src", "/"));
                        fromImages.add(new FromImage(image, source, target, writable));
                        key.append("from:").append(image).append(':').append(source).append(writable ? ":rw" : "")
                                .append('\0');
                        destinations.add(target);
                        continue;
                    }
                    String source = o.getOrDefault("source", o.getOrDefault("src", "."));
                    List<String> matched = s.b.context.match(source);
                    if (matched.size() != 1) {
                        throw s.error(i, "RUN --mount=" + spec + ": source `" + source + "` names " + matched.size()
                                + " paths; name one");
                    }
                    key.append(s.b.context.hash(matched)).append('\0');
                    Path host = s.b.context.dir().resolve(matched.getFirst()).normalize();
                    if (writable) {
                        throw s.error(i, "RUN --mount=" + spec + ": a bind of the build context is read-only "
                                + "(writes would reach the context itself); bind it from a stage to write to a copy");
                    }
                    flags.add("type=bind,source=" + host + ",destination=" + target + ",ro");
                    destinations.add(target);
                }
                default -> throw s.error(i, "RUN --mount type `" + type + "`: expected secret, cache, tmpfs or bind");
            }
        }
        return new RunMounts(List.copyOf(flags), List.copyOf(fromImages), List.copyOf(destinations), key.toString());
    }

    /**
     * Every `--mount` value of the step: the binds from images as well, through working containers
     * of them mounted here and added to HELD, which the caller closes once the step ran. A
     * source is resolved inside its image's root, its symlinks too.
     */
    List<String> open(StageBuild s, Instruction i, List<WorkingContainer> held) {
        List<String> all = new ArrayList<>(flags);
        for (FromImage f : fromImages) {
            WorkingContainer w = WorkingContainer.open(s.b, f.imageId());
            held.add(w);
            Path host;
            try {
                host = w.root.realPath(f.source().replaceAll("^/+", ""), SafeDir.Scope.IN_ROOT);
            } catch (IOException e) {
                throw s.error(i, "RUN --mount source `" + f.source() + "`: " + e.getMessage());
            }
            all.add("type=bind,source=" + host + ",destination=" + f.target() + (f.writable() ? "" : ",ro"));
        }
        return all;
    }

    /** A `--mount` value's comma-separated options. */
    static Map<String, String> options(String spec) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String part : spec.split(",")) {
            int eq = part.indexOf('=');
            out.put(eq < 0 ? part : part.substring(0, eq), eq < 0 ? "" : part.substring(eq + 1));
        }
        return out;
    }
}

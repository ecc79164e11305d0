package dev.skiff.runtime.build;

import dev.skiff.oci.json.Json;
import dev.skiff.runtime.SkiffException;
import dev.skiff.runtime.container.ContainerRunner;
import dev.skiff.runtime.container.Containers;
import dev.skiff.runtime.image.ImageStore;
import dev.skiff.runtime.image.ImageSource;
import dev.skiff.runtime.image.StoredImage;
import dev.skiff.runtime.storage.Staging;
import dev.skiff.runtime.storage.StorePaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * `build`: parses the Dockerfile, builds the stages the target needs in order, each step in a
 * working container of the image the step before left (or found in the layer cache), and names
 * the result.
 */
public final class ImageBuilder {
    /** Finds a FROM or COPY --from image by name, pulling it as `--pull` says; null when there is none. */
    @FunctionalInterface
    public interface BaseImages {
        StoredImage find(String reference);
    }

    /** Build arguments docker and podman know without an ARG: the proxies, left out of the cache key. */
    static final Set<String> PROXY_ARGS = Set.of("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy",
            "FTP_PROXY", "ftp_proxy", "NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy");

    final StorePaths paths;
    final ImageStore images;
    final ContainerRunner runner;
    final Containers containers;
    final BuildCache cache;
    final StepCommit commit;
    final BuildOptions options;
    final BuildOutput out;
    final BaseImages bases;
    final BuildContext context;
    final Set<String> usedArgs = new HashSet<>();
    final Map<Integer, String> stageResults = new HashMap<>();
    final List<String> made = new ArrayList<>();
    /** Where ADD puts what it fetches (made on the first such ADD), removed when the build ends. */
    private Staging downloads;
    BuildStages stages;
    Map<String, String> globalArgs;

    public ImageBuilder(StorePaths paths, BuildOptions options, BuildOutput out, BaseImages bases) {
        this.paths = paths;
        this.images = new ImageStore(paths);
        this.runner = new ContainerRunner(paths, images);
        this.containers = new Containers(paths);
        this.cache = new BuildCache(paths);
        this.commit = new StepCommit(paths, images, options.dockerFormat());
        this.options = options;
        this.out = out;
        this.bases = bases;
        this.context = new BuildContext(options.context(), IgnoreRules.read(options.context()));
    }

    /** Builds, tags and returns the result's id (hex). */
    public String build() {
        String text;
        try {
            text = Files.readString(options.dockerfile(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SkiffException("read " + options.dockerfile() + ": " + e.getMessage(), e);
        }
        Dockerfile file = DockerfileParser.parse(options.dockerfile().getFileName().toString(), text);
        stages = BuildStages.of(file);
        globalArgs = BuildArgs.global(this, stages.globalArgs(), file.escape());
        BuildStages.Stage target = stages.target(options.target());
        List<BuildStages.Stage> needed = stages.needed(target, s -> StageBuild.references(this, s));
        String result = null;
        String finished = null;
        try {
            for (BuildStages.Stage s : needed) {
                String prefix = needed.size() > 1 ? "[" + (needed.indexOf(s) + 1) + "/" + needed.size() + "] " : "";
                result = new StageBuild(this, s, prefix).build();
                stageResults.put(s.index(), result);
            }
            finished = finish(result);
        } finally {
            removeIntermediates(finished);
            if (downloads != null) {
                downloads.release(out::warning);
            }
        }
        List<String> unused = options.buildArgs().keySet().stream()
                .filter(a -> !usedArgs.contains(a) && !PROXY_ARGS.contains(a)).sorted().toList();
        if (!unused.isEmpty()) {
            out.warning("one or more build args were not consumed: " + unused);
        }
        return finished;
    }

    /** The directory ADD fetches URLs into, removed when the build ends (or by the next command, when it is killed). */
    java.nio.file.Path downloadDir() throws IOException {
        if (downloads == null) {
            downloads = Staging.create(paths, "build-");
        }
        return downloads.dir();
    }

    /** The final commit: `--label`s and the names. */
    @SuppressWarnings("unchecked")
    private String finish(String id) {
        out.commit(options.tags().isEmpty() ? null : options.tags().getFirst());
        if (!options.labels().isEmpty()) {
            StoredImage image = image(id);
            Map<String, Object> doc = Json.read(images.configBlob(image), LinkedHashMap.class);
            Map<String, Object> config = StageBuild.configOf(doc);
            Map<String, Object> labels = config.get("Labels") instanceof Map<?, ?> m
                    ? new java.util.TreeMap<>((Map<String, Object>) m) : new java.util.TreeMap<>();
            for (String l : options.labels()) {
                int eq = l.indexOf('=');
                labels.put(eq < 0 ? l : l.substring(0, eq), eq < 0 ? "" : l.substring(eq + 1));
            }
            config.put("Labels", labels);
            String key = BuildCache.key(id, "--label", String.join("\0", options.labels()));
            String cached = options.layers() && !options.noCache() ? cache.get(key).filter(this::exists).orElse(null)
                    : null;
            if (cached != null) {
                id = cached;
            } else {
                id = commit.commit(doc, images.runConfig(image).layerChainIds().size(), null,
                        "/bin/sh -c #(nop) LABEL " + String.join(" ", options.labels()));
                made.add(id);
                if (options.layers()) {
                    cache.put(key, id);
                }
            }
        }
        out.committed(id);
        if (!options.tags().isEmpty()) {
            images.tag(id, options.tags());
            for (String tag : options.tags()) {
                out.tagged(ImageStore.localName(tag));
            }
        }
        return id;
    }

    /** With --layers=false, the images the steps made, but KEEP (the result, or null after a failure). */
    private void removeIntermediates(String keep) {
        if (options.layers()) {
            return;
        }
        for (String m : made) {
            if (!m.equals(keep) && images.resolve(m).isPresent()) {
                images.remove(m, false);
            }
        }
    }

    boolean exists(String id) {
        return images.resolve(id).isPresent();
    }

    StoredImage image(String id) {
        return images.resolve(id).orElseThrow(() -> new SkiffException("image " + id
                + " was removed during the build; build again"));
    }

    /** An image of no layers and an empty config: what `FROM scratch` starts from. */
    String scratch() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("architecture", "amd64");
        doc.put("os", "linux");
        doc.put("config", new LinkedHashMap<>());
        doc.put("rootfs", Map.of("type", "layers", "diff_ids", List.of()));
        byte[] config = Json.toBytes(doc);
        String key = BuildCache.key("scratch", new String(config, StandardCharsets.UTF_8));
        String cached = cache.get(key).filter(this::exists).orElse(null);
        if (cached != null) {
            return cached;
        }
        String id = images.importImage(new ImageSource("scratch", config, null,
                options.dockerFormat() ? dev.skiff.oci.image.MediaType.DOCKER_MANIFEST
                        : dev.skiff.oci.image.MediaType.OCI_MANIFEST, List.of(), List.of()), l -> { }, w -> { });
        cache.put(key, id);
        return id;
    }
}

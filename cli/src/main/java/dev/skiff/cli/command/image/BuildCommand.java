package dev.skiff.cli.command.image;

import dev.skiff.cli.command.registry.RegistryAccess;
import dev.skiff.runtime.SkiffException;
import dev.skiff.runtime.build.BuildOptions;
import dev.skiff.runtime.build.BuildOutput;
import dev.skiff.runtime.build.ImageBuilder;
import dev.skiff.runtime.config.ContainersConf;
import dev.skiff.runtime.container.NetworkOptions;
import dev.skiff.runtime.image.ImageStore;
import dev.skiff.runtime.storage.StorePaths;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `skiff build`: build an image from a Containerfile or Dockerfile, daemonless, with a layer cache. */
@Command(name = "build",
        description = "Build an image using instructions from Containerfiles",
        sortOptions = false)
public final class BuildCommand implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit")
    boolean help;

    @Option(names = {"-t", "--tag"}, paramLabel = "NAME", description = "Name for the resulting image (repeatable)")
    List<String> tags = new ArrayList<>();

    @Option(names = {"-f", "--file"}, paramLabel = "FILE",
            description = "The Containerfile (default: CONTEXT/Containerfile, else CONTEXT/Dockerfile)")
    Path file;

    @Option(names = "--build-arg", paramLabel = "ARG=VALUE",
            description = "A value for an ARG; ARG alone takes the variable from the environment (repeatable)")
    List<String> buildArgs = new ArrayList<>();

    @Option(names = "--target", paramLabel = "STAGE", description = "Build up to this stage and stop")
    String target;

    @Option(names = "--no-cache", description = "Run every step; the results are still cached for the next build")
    boolean noCache;

    @Option(names = "--layers", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "Cache intermediate images (default true); false keeps only the result")
    boolean layers = true;

    @Option(names = "--pull", arity = "0..1", fallbackValue = "always", paramLabel = "POLICY",
            description = "Pull base images: always, missing (default), never or newer; true means always")
    String pull;

    @Mixin
    RegistryAccess registry = new RegistryAccess();

    @Option(names = "--network", paramLabel = "MODE",
            description = "Network for RUN steps: pasta, slirp4netns, none or host (default as `run`)")
    String network;

    @Option(names = {"-q", "--quiet"}, description = "Print only the image id")
    boolean quiet;

    @Option(names = "--label", paramLabel = "KEY=VALUE", description = "Add a label to the image (repeatable)")
    List<String> labels = new ArrayList<>();

    @Option(names = "--platform", paramLabel = "OS/ARCH", description = "Platform of the image: linux/amd64 only")
    String platform;

    @Option(names = "--iidfile", paramLabel = "FILE", description = "Write the image id to FILE")
    Path iidfile;

    @Option(names = "--secret", paramLabel = "id=ID,src=PATH",
            description = "A file RUN --mount=type=secret,id=ID can read, kept out of the image (repeatable)")
    List<String> secrets = new ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT", description = "Manifest format: oci (default) or docker")
    String format = "oci";

    @Parameters(index = "0", arity = "0..1", paramLabel = "CONTEXT", description = "Build context directory (default .)")
    Path context = Path.of(".");

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        StorePaths paths = StorePaths.forCurrentUser();
        Path dir = context.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new SkiffException("build context `" + context + "`: no such directory");
        }
        if (platform != null && !platform.equals("linux/amd64") && !platform.equals("linux/x86_64")) {
            throw new SkiffException("--platform " + platform + ": only linux/amd64 can be built on this host");
        }
        if (!format.equals("oci") && !format.equals("docker")) {
            throw new SkiffException("--format " + format + ": expected oci or docker");
        }
        String policy = pull == null ? "missing" : switch (pull) {
            case "true" -> "always";
            case "false" -> "missing";
            default -> pull;
        };
        BuildOptions options = new BuildOptions(dir, dockerfile(dir), tags, buildArgs(), target, noCache, layers, labels,
                new NetworkOptions(network(), List.of(), false, List.of(), List.of()), secrets(), platform, quiet,
                format.equals("docker"));
        PrintStream out = System.out;
        ImageBuilder builder = new ImageBuilder(paths, options, new BuildOutput(out, System.err, quiet), ref -> {
            registry.pull(paths, ref, policy, quiet ? new PrintWriter(java.io.OutputStream.nullOutputStream()) : err);
            return new ImageStore(paths).resolve(ref).orElse(null);
        });
        String id = builder.build();
        if (iidfile != null) {
            try {
                Files.writeString(iidfile, "sha256:" + id);
            } catch (IOException e) {
                throw new SkiffException("--iidfile " + iidfile + ": " + e.getMessage(), e);
            }
        }
        out.println(id);
        out.flush();
        return 0;
    }

    /** -f, else Containerfile, else Dockerfile in the context. */
    private Path dockerfile(Path dir) {
        if (file != null) {
            Path f = file.isAbsolute() ? file : Path.of("").toAbsolutePath().resolve(file);
            if (!Files.isRegularFile(f)) {
                throw new SkiffException("-f " + file + ": no such file");
            }
            return f;
        }
        for (String name : List.of("Containerfile", "Dockerfile")) {
            if (Files.isRegularFile(dir.resolve(name))) {
                return dir.resolve(name);
            }
        }
        throw new SkiffException("no Containerfile or Dockerfile in " + dir + "; give one with -f FILE");
    }

    private Map<String, String> buildArgs() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String a : buildArgs) {
            int eq = a.indexOf('=');
            out.put(eq < 0 ? a : a.substring(0, eq), eq < 0 ? null : a.substring(eq + 1));
        }
        return out;
    }

    private Map<String, Path> secrets() {
        Map<String, Path> out = new LinkedHashMap<>();
        for (String s : secrets) {
            String id = null;
            String src = null;
            for (String part : s.split(",")) {
                int eq = part.indexOf('=');
                String k = eq < 0 ? part : part.substring(0, eq);
                String v = eq < 0 ? "" : part.substring(eq + 1);
                switch (k) {
                    case "id" -> id = v;
                    case "src", "source" -> src = v;
                    case "type" -> {
                        if (!v.equals("file")) {
                            throw new SkiffException("--secret " + s + ": only type=file is supported");
                        }
                    }
                    default -> throw new SkiffException("--secret " + s + ": unknown option `" + k + "`; use id=ID,src=PATH");
                }
            }
            if (id == null || id.isEmpty() || src == null) {
                throw new SkiffException("--secret " + s + ": give id=ID,src=PATH");
            }
            Path p = Path.of(src).toAbsolutePath().normalize();
            if (!Files.isRegularFile(p)) {
                throw new SkiffException("--secret " + s + ": `" + src + "`: no such file");
            }
            out.put(id, p);
        }
        return out;
    }

    /** --network, else containers.conf's [containers] netns, as `run`. */
    private String network() {
        if (network != null) {
            return network;
        }
        return ContainersConf.load(System.getenv()).defaultNetwork();
    }
}

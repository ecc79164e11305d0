package dev.skiff.cli.command.registry;

import dev.skiff.runtime.image.ImageStore;
import dev.skiff.runtime.registry.ImagePusher;
import dev.skiff.runtime.storage.StorePaths;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `skiff push`: copy a stored image to a registry. */
@Command(name = "push",
        description = "Push an image to a registry",
        sortOptions = false)
public final class PushCommand implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit")
    boolean help;

    @Option(names = {"-q", "--quiet"}, description = "Print no progress")
    boolean quiet;

    @Option(names = "--tls-verify", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "Require HTTPS and verify certificates (false also allows plain HTTP)")
    Boolean tlsVerify;

    @Option(names = "--creds", paramLabel = "USER:PASS", description = "Credentials for the registry")
    String creds;

    @Option(names = "--authfile", paramLabel = "FILE", description = "Path of the authentication file")
    String authfile;

    @Parameters(index = "0", paramLabel = "IMAGE", description = "Stored image name or id")
    String image;

    @Parameters(index = "1", arity = "0..1", paramLabel = "DESTINATION",
            description = "Where to push, e.g. registry.example.com/app:1 (default: IMAGE)")
    String destination;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        StorePaths paths = StorePaths.forCurrentUser();
        new ImagePusher(paths, new ImageStore(paths),
                RegistryOptions.pullOptions(null, null, null, tlsVerify, creds, authfile),
                quiet ? line -> { } : line -> {
                    err.println(line);
                    err.flush();
                }).push(image, destination != null ? destination : image);
        return 0;
    }
}

package dev.skiff.cli.command.registry;

import dev.skiff.oci.reference.ImageReference;
import dev.skiff.oci.reference.InvalidReferenceException;
import dev.skiff.runtime.SkiffException;
import dev.skiff.runtime.image.ImageStore;
import dev.skiff.runtime.registry.ImagePuller;
import dev.skiff.runtime.storage.StorePaths;
import java.io.PrintWriter;

/**
 * The {@code --pull} policy of `run`: pulls before the container is created when the policy says
 * so. The registry classes load only when a pull happens, so a `run` of a stored image pays nothing.
 */
public final class RunPull {
    private RunPull() {}

    /**
     * Applies {@code policy} (missing, always, never, newer; null means missing) to {@code image}.
     * Options may be null.
     */
    public static void apply(StorePaths paths, String image, String policy, String tlsVerify, String creds,
                             String authfile, PrintWriter err) {
        String p = policy == null ? "missing" : policy;
        switch (p) {
            case "never" -> { }
            case "missing" -> {
                if (new ImageStore(paths).resolve(image).isEmpty() && pullable(image)) {
                    pull(paths, image, tlsVerify, creds, authfile, err);
                }
            }
            case "always" -> pull(paths, image, tlsVerify, creds, authfile, err);
            case "newer" -> {
                boolean stored = new ImageStore(paths).resolve(image).isPresent();
                if (!stored || pullable(image) && !puller(paths, tlsVerify, creds, authfile, err).storedIsCurrent(image)) {
                    pull(paths, image, tlsVerify, creds, authfile, err);
                }
            }
            default -> throw new SkiffException("--pull `" + p + "`: expected always, missing, never or newer");
        }
    }

    /**
     * False for what no registry can serve: an image id, or a name under {@code localhost/}, the
     * namespace of images loaded or built here (a registry on localhost has a port).
     */
    private static boolean pullable(String image) {
        try {
            return !ImageReference.parse(image).domain().equals(ImageReference.LOCALHOST);
        } catch (InvalidReferenceException e) {
            return false;
        }
    }

    private static void pull(StorePaths paths, String image, String tlsVerify, String creds, String authfile,
                             PrintWriter err) {
        puller(paths, tlsVerify, creds, authfile, err).pull(image);
    }

    private static ImagePuller puller(StorePaths paths, String tlsVerify, String creds, String authfile,
                                      PrintWriter err) {
        Boolean verify = tlsVerify == null ? null : parseBoolean(tlsVerify);
        return new ImagePuller(paths, new ImageStore(paths),
                RegistryOptions.pullOptions(null, null, null, verify, creds, authfile),
                line -> {
                    err.println(line);
                    err.flush();
                }, warning -> {
                    err.println("WARNING: " + warning);
                    err.flush();
                });
    }

    private static boolean parseBoolean(String s) {
        return switch (s) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new SkiffException("--tls-verify `" + s + "`: expected true or false");
        };
    }
}

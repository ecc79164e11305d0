package dev.skiff.runtime.container;

import dev.skiff.runtime.SkiffException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Container ids (64 random hex digits) and names (`adjective_name`, as podman makes them). */
public final class ContainerIds {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");
    private static final String[] LEFT = {
        "admiring", "bold", "brave", "busy", "calm", "clever", "eager", "elastic", "festive", "gallant",
        "gifted", "happy", "hopeful", "jolly", "keen", "kind", "lucid", "modest", "nifty", "quirky",
        "serene", "sharp", "stoic", "sweet", "tender", "trusting", "upbeat", "vibrant", "wizardly", "zealous"};
    private static final String[] RIGHT = {
        "albattani", "babbage", "bell", "curie", "darwin", "dijkstra", "einstein", "euler", "fermi", "galileo",
        "hamilton", "hopper", "hypatia", "kepler", "lamarr", "lovelace", "meitner", "newton", "noether", "pascal",
        "ritchie", "shannon", "thompson", "torvalds", "turing", "wozniak", "yalow", "wing", "knuth", "lamport"};

    private ContainerIds() {}

    /** A fresh 64-hex-digit id from the kernel's random source. */
    public static String newId() {
        byte[] b = new byte[32];
        try (InputStream in = Files.newInputStream(Path.of("/dev/urandom"))) {
            if (in.readNBytes(b, 0, b.length) != b.length) {
                throw new IOException("short read");
            }
        } catch (IOException e) {
            throw new SkiffException("read /dev/urandom: " + e.getMessage(), e);
        }
        return HexFormat.of().formatHex(b);
    }

    /** A generated name derived from the id's random bits. */
    public static String generatedName(String id) {
        int a = Integer.parseInt(id.substring(0, 4), 16);
        int b = Integer.parseInt(id.substring(4, 8), 16);
        return LEFT[a % LEFT.length] + "_" + RIGHT[b % RIGHT.length];
    }

    /** Refuses a `--name` that podman would refuse. */
    public static String checkName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new SkiffException("container name `" + name + "`: must match [a-zA-Z0-9][a-zA-Z0-9_.-]*");
        }
        return name;
    }
}

package dev.skiff.runtime.image;

import dev.skiff.runtime.storage.FieldFile;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * What the store keeps about an image besides its blobs ({@code images/<id>/image}): written at
 * load time in a compact form that `run` reads without a JSON parser.
 */
record ImageRecord(String id, String created, long size, String manifestDigest, String manifestType,
                   List<String> layerChainIds, List<String> diffIds, List<String> env, List<String> entrypoint,
                   List<String> cmd, String workingDir, String user, String stopSignal, String stored,
                   List<String> volumes, List<String> exposedPorts) {
    static final String FILE = "image";

    static ImageRecord read(Path file) throws IOException {
        FieldFile f = FieldFile.read(file);
        long size;
        try {
            size = Long.parseLong(f.get("size"));
        } catch (NumberFormatException e) {
            throw new IOException(file + ": bad size `" + f.get("size") + "`", e);
        }
        return new ImageRecord(f.get("id"), f.get("created"), size, f.get("manifest"), f.get("manifestType"),
                f.list("layers"), f.list("diffIds"), f.list("env"), f.list("entrypoint"), f.list("cmd"),
                f.get("workingDir"), f.get("user"), f.get("stopSignal"), f.get("stored"), f.list("volumes"),
                f.list("exposedPorts"));
    }

    void write(Path file) throws IOException {
        FieldFile.create()
                .put("id", id)
                .put("created", created)
                .put("size", Long.toString(size))
                .put("manifest", manifestDigest)
                .put("manifestType", manifestType)
                .put("layers", layerChainIds)
                .put("diffIds", diffIds)
                .put("env", env)
                .put("entrypoint", entrypoint)
                .put("cmd", cmd)
                .put("workingDir", workingDir)
                .put("user", user)
                .put("stopSignal", stopSignal)
                .put("stored", stored)
                .put("volumes", volumes)
                .put("exposedPorts", exposedPorts)
                .writeTo(file);
    }

    Instant createdInstant() {
        for (String s : List.of(created, stored)) {
            if (!s.isEmpty()) {
                try {
                    return Instant.parse(s);
                } catch (DateTimeParseException e) {
                    // fall through to the next candidate
                }
            }
        }
        return Instant.EPOCH;
    }

    /** When the image was stored; the epoch for a record without a valid time. */
    Instant storedInstant() {
        try {
            return Instant.parse(stored);
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }

    StoredImage toStoredImage(List<String> names) {
        return new StoredImage(id, names, createdInstant(), size);
    }

    RunConfig toRunConfig() {
        return new RunConfig(layerChainIds, env, entrypoint, cmd, workingDir, user, stopSignal, volumes, exposedPorts);
    }
}

package dev.skiff.runtime.container;

import dev.skiff.runtime.SkiffException;
import java.util.List;

/**
 * The mounts asked for on the command line, checked when given.
 *
 * @param volumes     `-v [SOURCE:]DESTINATION[:OPTIONS]` values
 * @param mounts      `--mount type=...,...` values
 * @param tmpfs       `--tmpfs DESTINATION[:OPTIONS]` values
 * @param volumesFrom `--volumes-from CONTAINER[:ro|rw]` values
 */
public record VolumeOptions(List<String> volumes, List<String> mounts, List<String> tmpfs, List<String> volumesFrom) {
    public static final VolumeOptions NONE = new VolumeOptions(List.of(), List.of(), List.of(), List.of());

    public VolumeOptions {
        volumes = List.copyOf(volumes);
        mounts = List.copyOf(mounts);
        tmpfs = List.copyOf(tmpfs);
        volumesFrom = List.copyOf(volumesFrom);
        specs(volumes, mounts, tmpfs); // checked now: a bad one fails before anything is created
        for (String from : volumesFrom) {
            String[] f = from.split(":", -1);
            if (f.length > 2 || f[0].isEmpty() || (f.length == 2 && !f[1].equals("ro") && !f[1].equals("rw")
                    && !f[1].equals("z") && !f[1].equals("Z"))) {
                throw new SkiffException("--volumes-from `" + from + "`: give CONTAINER[:ro|rw]");
            }
        }
    }

    /** The `-v`, `--mount` and `--tmpfs` mounts, in that order. */
    List<MountSpec> specs() {
        return specs(volumes, mounts, tmpfs);
    }

    private static List<MountSpec> specs(List<String> volumes, List<String> mounts, List<String> tmpfs) {
        List<MountSpec> out = new java.util.ArrayList<>();
        volumes.forEach(v -> out.add(MountSpec.volumeFlag(v)));
        mounts.forEach(m -> out.add(MountSpec.mountFlag(m)));
        tmpfs.forEach(t -> out.add(MountSpec.tmpfsFlag(t)));
        return out;
    }
}

package dev.skiff.runtime.container;

import static dev.skiff.runtime.spec.Mount.MS_NODEV;
import static dev.skiff.runtime.spec.Mount.MS_NOEXEC;
import static dev.skiff.runtime.spec.Mount.MS_NOSUID;
import static dev.skiff.runtime.spec.Mount.MS_RDONLY;
import static dev.skiff.runtime.spec.Mount.MS_STRICTATIME;

import dev.skiff.runtime.spec.Mount;
import dev.skiff.runtime.spec.Plan;
import java.util.List;

/** The container's standard mounts, device nodes, masked and read-only paths (Podman's defaults). */
public final class ContainerFilesystem {
    static final List<String> DEVICES = List.of("null", "zero", "full", "random", "urandom", "tty");

    static final List<String> MASKED = List.of(
            "/proc/acpi", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/sched_debug", "/proc/scsi",
            "/proc/timer_list", "/proc/timer_stats", "/proc/interrupts", "/sys/devices/virtual/powercap",
            "/sys/firmware", "/sys/fs/selinux");

    static final List<String> READ_ONLY = List.of(
            "/proc/asound", "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger");

    private ContainerFilesystem() {}

    /**
     * /sys/devices/system/cpu/cpuN/thermal_throttle, masked as podman does: the container's
     * sysfs is the host's, so the host's CPUs say which exist.
     */
    static List<String> thermalThrottle() {
        java.nio.file.Path cpus = java.nio.file.Path.of("/sys/devices/system/cpu");
        try (java.util.stream.Stream<java.nio.file.Path> s = java.nio.file.Files.list(cpus)) {
            return s.filter(p -> p.getFileName().toString().matches("cpu[0-9]+"))
                    .map(p -> p.resolve("thermal_throttle"))
                    .filter(java.nio.file.Files::isDirectory)
                    .map(java.nio.file.Path::toString).sorted().toList();
        } catch (java.io.IOException e) {
            return List.of();
        }
    }

    /**
     * Adds /proc, /dev, /sys and the files skiff writes for the container (hostname, hosts,
     * resolv.conf) to the plan. Masked and read-only paths are {@link SecurityOptions}' part.
     *
     * @param devptsGid5 whether gid 5 (tty) exists in the user namespace, for devpts' gid=5
     */
    static void addStandardMounts(Plan plan, String userdata, boolean devptsGid5, boolean ownNetwork) {
        plan.mount(new Mount("proc", "/proc", "proc", MS_NOSUID | MS_NOEXEC | MS_NODEV, ""));
        plan.mount(new Mount("tmpfs", "/dev", "tmpfs", MS_NOSUID | MS_STRICTATIME, "mode=755,size=65536k"));
        for (String dev : DEVICES) {
            // rootless cannot mknod real devices: bind the host's instead
            plan.mount(Mount.bind("/dev/" + dev, "/dev/" + dev, 0));
        }
        plan.mount(new Mount("devpts", "/dev/pts", "devpts", MS_NOSUID | MS_NOEXEC,
                "newinstance,ptmxmode=0666,mode=0620" + (devptsGid5 ? ",gid=5" : "")));
        plan.mount(new Mount("shm", "/dev/shm", "tmpfs", MS_NOSUID | MS_NOEXEC | MS_NODEV, "mode=1777,size=65536k"));
        plan.mount(new Mount("mqueue", "/dev/mqueue", "mqueue", MS_NOSUID | MS_NOEXEC | MS_NODEV, ""));
        if (ownNetwork) {
            plan.mount(new Mount("sysfs", "/sys", "sysfs", MS_NOSUID | MS_NOEXEC | MS_NODEV | MS_RDONLY, ""));
        } else {
            // sysfs belongs to the network namespace it is mounted in: the host's, read-only
            plan.mount(Mount.bind("/sys", "/sys", MS_RDONLY | MS_NOSUID | MS_NOEXEC | MS_NODEV));
        }
        plan.mount(Mount.bind(userdata + "/hostname", "/etc/hostname", 0));
        plan.mount(Mount.bind(userdata + "/hosts", "/etc/hosts", 0));
        plan.mount(Mount.bind(userdata + "/resolv.conf", "/etc/resolv.conf", 0));
        plan.symlink("pts/ptmx", "/dev/ptmx");
        plan.symlink("/proc/self/fd", "/dev/fd");
        plan.symlink("/proc/self/fd/0", "/dev/stdin");
        plan.symlink("/proc/self/fd/1", "/dev/stdout");
        plan.symlink("/proc/self/fd/2", "/dev/stderr");
        plan.symlink("/proc/kcore", "/dev/core");
    }
}

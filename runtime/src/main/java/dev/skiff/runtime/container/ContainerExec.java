package dev.skiff.runtime.container;

import dev.skiff.runtime.SkiffException;
import dev.skiff.runtime.spec.Capabilities;
import dev.skiff.runtime.spec.Plan;
import dev.skiff.runtime.storage.TempPaths;
import dev.skiff.shim.ShimBinary;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** Runs a process in a running container: `skiff-shim exec` joins the init's namespaces. */
public final class ContainerExec {
    private ContainerExec() {}

    /** Runs the command in the foreground and returns its exit code. */
    public static int exec(ContainerDir c, ExecOptions o) {
        OptionalLong pid = c.pid();
        if (!c.running() || pid.isEmpty()) {
            throw new SkiffException("can only create exec sessions on running containers: container "
                    + c.name() + " is " + Containers.status(c), SkiffException.EXIT_CANNOT_EXECUTE, null);
        }
        if (o.command().isEmpty()) {
            throw new SkiffException("exec: give a command to run in container " + c.name());
        }
        ImageUser.Identity id = o.user().map(u -> new ImageUser(c.filesTopFirst()).resolve(u)).orElse(c.identity());
        String workdir = o.workdir().orElse(c.workdir());
        ContainerRunner.checkWorkdir(workdir);
        Plan plan = new Plan()
                .namespaces(ContainerRunner.namespaces(c))
                .join(pid.getAsLong())
                .user(id.uid(), id.gid());
        id.groups().forEach(plan::group);
        // the container's own capabilities, no_new_privs and seccomp filter, as podman's exec has them
        long caps = o.privileged() ? Capabilities.all() : c.capabilities();
        plan.capabilities(caps, id.uid() == 0 ? caps : 0).cwd(workdir);
        if (c.noNewPrivileges()) {
            plan.noNewPrivileges();
        }
        c.seccompFilter().ifPresent(bpf -> plan.seccomp(bpf.toString()));
        if (o.tty()) {
            plan.terminal();
        }
        EnvBuilder.withFlags(c.env(), o.env()).forEach(plan::env);
        o.command().forEach(plan::arg);

        Path planFile;
        try {
            planFile = TempPaths.file(c.userdata(), "exec-", ".plan");
            Files.write(planFile, plan.toBytes());
        } catch (IOException e) {
            throw new SkiffException("write exec plan for container " + c.name() + ": " + e.getMessage(), e);
        }
        try {
            ProcessBuilder pb = new ProcessBuilder(ShimBinary.path().toString(), "exec", planFile.toString());
            pb.redirectOutput(ProcessBuilder.Redirect.INHERIT);
            pb.redirectError(ProcessBuilder.Redirect.INHERIT);
            pb.redirectInput(o.interactive() ? ProcessBuilder.Redirect.INHERIT : ProcessBuilder.Redirect.from(new File("/dev/null")));
            return SignalProxy.waitInForeground(pb.start());
        } catch (IOException e) {
            throw new SkiffException("start skiff-shim: " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(planFile);
            } catch (IOException e) {
                // the container's directory goes with the container
            }
        }
    }
}

package dev.skiff.cli.command.container;

import dev.skiff.runtime.SkiffException;
import dev.skiff.runtime.container.ContainerDir;
import dev.skiff.runtime.container.Containers;
import dev.skiff.runtime.container.PortMapping;
import dev.skiff.runtime.storage.StorePaths;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `skiff port`: a container's published ports, as podman lists them. */
@Command(name = "port", description = "List port mappings of a container, or the host address of one of its ports")
public final class PortCommand implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit")
    boolean help;

    @Option(names = {"-a", "--all"}, description = "The ports of every running container")
    boolean all;

    @Parameters(arity = "0..2", paramLabel = "CONTAINER [PORT[/PROTO]]",
            description = "Name or ID of the container, and one of its ports")
    List<String> args = new java.util.ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Containers containers = new Containers(StorePaths.forCurrentUser());
        PrintWriter out = spec.commandLine().getOut();
        if (all) {
            if (args.size() > 1) {
                throw new SkiffException("--all takes no container, only an optional PORT[/PROTO]");
            }
            for (ContainerDir c : containers.list()) {
                if (c.running()) {
                    print(out, c, args.isEmpty() ? null : args.getFirst(), c.id().substring(0, 12) + "\t", false);
                }
            }
        } else {
            if (args.isEmpty()) {
                throw new SkiffException("give a container name or ID, or --all");
            }
            print(out, containers.find(args.getFirst()), args.size() > 1 ? args.get(1) : null, "", true);
        }
        out.flush();
        return 0;
    }

    private static void print(PrintWriter out, ContainerDir c, String wanted, String prefix, boolean mustFind) {
        Integer port = null;
        String proto = "";
        if (wanted != null) {
            String[] f = wanted.split("/", 2);
            try {
                port = Integer.parseInt(f[0]);
            } catch (NumberFormatException e) {
                throw new SkiffException("port `" + wanted + "`: give PORT or PORT/PROTO, e.g. 80/tcp");
            }
            proto = f.length > 1 ? f[1] : "";
        }
        boolean found = false;
        for (PortMapping range : c.ports()) {
            for (PortMapping p : range.single()) {
                String host = (p.hostIp().isEmpty() ? "0.0.0.0" : p.hostIp()) + ":" + p.hostPort();
                if (port == null) {
                    out.println(prefix + p.containerPort() + "/" + p.protocol() + " -> " + host);
                } else if (p.containerPort() == port && (proto.isEmpty() || proto.equals(p.protocol()))) {
                    out.println(prefix + host);
                    found = true;
                }
            }
        }
        if (port != null && !found && mustFind) {
            throw new SkiffException("failed to find published port \"" + wanted + "\" of container " + c.name());
        }
    }
}

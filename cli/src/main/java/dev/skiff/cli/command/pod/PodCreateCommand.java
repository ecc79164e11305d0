package dev.skiff.cli.command.pod;

import dev.skiff.runtime.container.NetworkOptions;
import dev.skiff.runtime.container.Pod;
import dev.skiff.runtime.container.Pods;
import dev.skiff.runtime.image.ImageStore;
import dev.skiff.runtime.storage.StorePaths;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `skiff pod create`: a pod and its infra container, which holds the pod's network and published ports. */
@Command(name = "create", description = "Create a new empty pod")
public final class PodCreateCommand implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit")
    boolean help;

    @Option(names = {"-n", "--name"}, paramLabel = "NAME", description = "Name the pod (also its containers' host name)")
    String name;

    @Option(names = {"-p", "--publish"}, paramLabel = "[IP:][HOST_PORT:]PORT[/PROTO]",
            description = "Publish a port of the pod's network on the host")
    List<String> publish = new ArrayList<>();

    @Option(names = {"--network", "--net"}, paramLabel = "MODE", description = "The pod's network: pasta (default "
            + "when installed), none or host")
    String network = "";

    @Option(names = {"-l", "--label"}, paramLabel = "KEY=VALUE", description = "Set a label on the pod")
    List<String> labels = new ArrayList<>();

    @Option(names = "--dns", paramLabel = "IP", description = "Name server for the pod's containers")
    List<String> dns = new ArrayList<>();

    @Option(names = "--add-host", paramLabel = "NAME:IP", description = "Add a line to the pod's /etc/hosts")
    List<String> addHost = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        StorePaths paths = StorePaths.forCurrentUser();
        Pod pod = new Pods(paths, new ImageStore(paths)).create(Optional.ofNullable(name), labels,
                new NetworkOptions(network, publish, false, dns, addHost));
        PrintWriter out = spec.commandLine().getOut();
        out.println(pod.id());
        out.flush();
        return 0;
    }
}

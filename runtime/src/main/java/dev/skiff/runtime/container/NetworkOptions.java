package dev.skiff.runtime.container;

import dev.skiff.runtime.SkiffException;
import java.util.List;

/**
 * The network asked for on the command line, checked when given.
 *
 * @param mode       `--network`: pasta, slirp4netns, none, host or container:NAME; empty for the
 *                   default (pasta when installed, else slirp4netns when installed, else none)
 * @param publish    `-p` values
 * @param publishAll `-P`: every port the image exposes, to a free host port
 * @param dns        `--dns` servers, in place of the host's
 * @param addHost    `--add-host NAME:IP` entries for /etc/hosts
 */
public record NetworkOptions(String mode, List<String> publish, boolean publishAll, List<String> dns,
                             List<String> addHost) {
    public static final NetworkOptions DEFAULT = new NetworkOptions("", List.of(), false, List.of(), List.of());
    static final List<String> MODES = List.of("pasta", "slirp4netns", "none", "host");

    public NetworkOptions {
        mode = mode == null ? "" : mode;
        publish = List.copyOf(publish);
        dns = List.copyOf(dns);
        addHost = List.copyOf(addHost);
        if (!mode.isEmpty() && !MODES.contains(mode) && !mode.startsWith("container:")) {
            throw new SkiffException("--network `" + mode + "`: skiff takes pasta, slirp4netns, none, host or "
                    + "container:NAME" + (mode.equals("bridge") ? " (a rootless bridge needs root's help; pasta gives "
                    + "the container the host's addresses)" : ""));
        }
        if (mode.equals("container:")) {
            throw new SkiffException("--network container: needs the name or id of a container");
        }
        publish.forEach(PortMapping::parse);
        for (String h : addHost) {
            int colon = h.indexOf(':');
            if (colon <= 0 || colon == h.length() - 1) {
                throw new SkiffException("--add-host `" + h + "`: give NAME:IP");
            }
        }
        for (String d : dns) {
            if (!d.matches("[0-9.]+|[0-9a-fA-F:]+")) {
                throw new SkiffException("--dns `" + d + "`: give the IP address of a name server");
            }
        }
    }

    /** The container's own `-p` mappings, host ports still 0 where none was given. */
    List<PortMapping> mappings() {
        return publish.stream().map(PortMapping::parse).toList();
    }
}

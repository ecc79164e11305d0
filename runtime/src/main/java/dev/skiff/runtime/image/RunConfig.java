package dev.skiff.runtime.image;

import java.util.List;

/**
 * What `run` needs from an image: its layers' chain ids (bottom to top, hex) and the image
 * config's execution parameters. Lists are never null; absent strings are {@code ""}.
 */
public record RunConfig(List<String> layerChainIds, List<String> env, List<String> entrypoint, List<String> cmd,
                        String workingDir, String user, String stopSignal, List<String> volumes,
                        List<String> exposedPorts) {
    public RunConfig {
        layerChainIds = List.copyOf(layerChainIds);
        env = List.copyOf(env);
        entrypoint = List.copyOf(entrypoint);
        cmd = List.copyOf(cmd);
        workingDir = workingDir == null ? "" : workingDir;
        user = user == null ? "" : user;
        stopSignal = stopSignal == null ? "" : stopSignal;
        volumes = List.copyOf(volumes);
        exposedPorts = List.copyOf(exposedPorts);
    }
}

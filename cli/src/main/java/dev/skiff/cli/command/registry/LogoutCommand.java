package dev.skiff.cli.command.registry;

import dev.skiff.runtime.SkiffException;
import dev.skiff.runtime.registry.AuthFile;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `skiff logout`: remove saved credentials of a registry, or of all. */
@Command(name = "logout",
        description = "Log out of a container registry",
        sortOptions = false)
public final class LogoutCommand implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit")
    boolean help;

    @Option(names = {"-a", "--all"}, description = "Remove the credentials of every registry")
    boolean all;

    @Option(names = "--authfile", paramLabel = "FILE", description = "Path of the authentication file")
    String authfile;

    @Parameters(index = "0", arity = "0..1", paramLabel = "REGISTRY", description = "Registry host[:port]")
    String registry;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        AuthFile file = AuthFile.of(authfile, System.getenv());
        if (all) {
            file.removeAll();
            out.println("Removed login credentials for all registries");
        } else {
            if (registry == null) {
                throw new SkiffException("logout: give a REGISTRY or --all");
            }
            String host = RegistryOptions.registryHost(registry);
            if (!file.remove(host)) {
                throw new SkiffException("logout " + host + ": not logged in (no entry in `" + file.path() + "`)");
            }
            out.println("Removed login credentials for " + host);
        }
        out.flush();
        return 0;
    }
}

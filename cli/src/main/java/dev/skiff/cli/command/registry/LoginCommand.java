package dev.skiff.cli.command.registry;

import dev.skiff.runtime.SkiffException;
import dev.skiff.runtime.registry.AuthFile;
import dev.skiff.runtime.registry.Credentials;
import dev.skiff.runtime.registry.RegistriesConf;
import dev.skiff.runtime.registry.RegistryClient;
import java.io.ByteArrayOutputStream;
import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `skiff login`: check credentials against a registry and save them in the auth file. */
@Command(name = "login",
        description = "Log in to a container registry",
        sortOptions = false)
public final class LoginCommand implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit")
    boolean help;

    @Option(names = {"-u", "--username"}, paramLabel = "USER", description = "User name")
    String username;

    @Option(names = {"-p", "--password"}, paramLabel = "PASS", description = "Password (prefer --password-stdin)")
    String password;

    @Option(names = "--password-stdin", description = "Read the password from standard input")
    boolean passwordStdin;

    @Option(names = "--tls-verify", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "Require HTTPS and verify certificates (false also allows plain HTTP)")
    Boolean tlsVerify;

    @Option(names = "--authfile", paramLabel = "FILE", description = "Path of the authentication file")
    String authfile;

    @Parameters(index = "0", paramLabel = "REGISTRY", description = "Registry host[:port]")
    String registry;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        Map<String, String> env = System.getenv();
        String host = RegistryOptions.registryHost(registry);
        if (password != null && passwordStdin) {
            throw new SkiffException("--password and --password-stdin cannot be used together");
        }
        Console console = System.console();
        boolean terminal = console != null && console.isTerminal();
        String user = username;
        if (user == null || user.isEmpty()) {
            if (!terminal) {
                throw new SkiffException("login " + host + ": no user name: give -u USER");
            }
            user = console.readLine("Username: ");
        }
        String pass = password;
        if (passwordStdin) {
            pass = readStdin().strip();
        } else if (pass == null) {
            if (!terminal) {
                throw new SkiffException("login " + host + ": no password: give --password-stdin or -p PASS");
            }
            pass = new String(console.readPassword("Password: "));
        }
        if (user == null || user.isEmpty() || pass.isEmpty()) {
            throw new SkiffException("login " + host + ": user name and password must not be empty");
        }
        Credentials creds = new Credentials(user, pass);
        RegistriesConf conf = RegistriesConf.load(env);
        boolean confInsecure = isInsecure(conf, host);
        boolean verify = tlsVerify != null ? tlsVerify : !confInsecure;
        boolean insecure = confInsecure || Boolean.FALSE.equals(tlsVerify);
        new RegistryClient(host, verify, insecure, creds, RegistryOptions.home(env)).verifyLogin();
        AuthFile.of(authfile, env).put(host, creds);
        out.println("Login Succeeded!");
        out.flush();
        return 0;
    }

    private static boolean isInsecure(RegistriesConf conf, String host) {
        try {
            RegistriesConf.Registry r = conf.registryFor(dev.skiff.oci.reference.ImageReference.parse(host + "/x"));
            return r != null && r.insecure();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String readStdin() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        int n;
        while ((n = System.in.read(buf)) > 0 && b.size() < 65536) {
            b.write(buf, 0, n);
        }
        return b.toString(StandardCharsets.UTF_8);
    }
}

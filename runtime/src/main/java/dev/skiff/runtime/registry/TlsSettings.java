package dev.skiff.runtime.registry;

import dev.skiff.runtime.SkiffException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The TLS trust for one registry: the system CAs plus any {@code ca.crt}/{@code *.crt} in
 * {@code certs.d/HOST[:PORT]/} (as podman reads them), or no verification at all when the user
 * turned it off.
 */
final class TlsSettings {
    private static final Path SYSTEM_BUNDLE = Path.of("/etc/ssl/certs/ca-certificates.crt");

    private TlsSettings() {}

    /** The SSL context for {@code host}; {@code verify} false accepts any certificate. */
    static SSLContext context(String host, boolean verify, List<Path> certDirs) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            if (!verify) {
                ctx.init(null, new TrustManager[] {new TrustAll()}, null);
                return ctx;
            }
            List<Path> extra = new ArrayList<>();
            for (Path dir : certDirs) {
                Path hostDir = dir.resolve(host);
                if (Files.isDirectory(hostDir)) {
                    try (DirectoryStream<Path> ds = Files.newDirectoryStream(hostDir, "*.crt")) {
                        ds.forEach(extra::add);
                    }
                }
            }
            if (extra.isEmpty() && !Files.isRegularFile(SYSTEM_BUNDLE)) {
                return SSLContext.getDefault();
            }
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            int n = 0;
            List<Path> sources = new ArrayList<>(extra);
            if (Files.isRegularFile(SYSTEM_BUNDLE)) {
                sources.add(SYSTEM_BUNDLE);
            }
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            for (Path p : sources) {
                try (InputStream in = Files.newInputStream(p)) {
                    for (Certificate c : cf.generateCertificates(in)) {
                        ks.setCertificateEntry("ca" + n++, c);
                    }
                } catch (GeneralSecurityException e) {
                    throw new SkiffException("registry " + host + ": certificate file `" + p + "`: " + e.getMessage(), e);
                }
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new SkiffException("registry " + host + ": TLS setup: " + e.getMessage(), e);
        }
    }

    /** Certificate directories: the user's, then the system's. */
    static List<Path> defaultCertDirs(String home) {
        return List.of(Path.of(home, ".config", "containers", "certs.d"), Path.of("/etc/containers/certs.d"),
                Path.of("/etc/docker/certs.d"));
    }

    /** Accepts every certificate and host name: only for {@code --tls-verify=false}. */
    private static final class TrustAll extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) { }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) { }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) { }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) { }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) { }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) { }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}

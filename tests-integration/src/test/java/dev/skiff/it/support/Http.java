package dev.skiff.it.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A plain HTTP/1.0 GET from the host, as a user's browser or curl would send it. */
public final class Http {
    private Http() {}

    /** The reply to GET / on 127.0.0.1:PORT, retried for ~5 s while the server starts (no reply, or no 200 yet). */
    public static String get(int port) throws IOException, InterruptedException {
        for (int attempt = 0; ; attempt++) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
                s.setSoTimeout(5000);
                s.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                String reply = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (reply.contains("200 OK") || attempt >= 50) {
                    return reply;
                }
            } catch (IOException e) {
                if (attempt >= 50) {
                    throw e;
                }
            }
            Thread.sleep(100);
        }
    }
}

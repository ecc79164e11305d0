package dev.skiff.runtime.container;

import dev.skiff.runtime.SkiffException;
import dev.skiff.runtime.sys.LibC;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import sun.misc.Signal;

/**
 * The caller's side of a container's terminal: connects to the supervisor's attach socket
 * (protocol in the shim's terminal.h), puts the caller's terminal in raw mode, passes keystrokes
 * and window sizes in and output out, until the container exits or the detach keys are typed.
 */
public final class AttachClient implements AutoCloseable {
    /** podman's default detach sequence: Ctrl-P, Ctrl-Q. */
    public static final String DEFAULT_DETACH_KEYS = "ctrl-p,ctrl-q";

    private final SocketChannel channel;
    private final OutputStream toSupervisor;

    private AttachClient(SocketChannel channel) {
        this.channel = channel;
        this.toSupervisor = Channels.newOutputStream(channel);
    }

    /** Attaches to the terminal of the running container C; returns its exit code, or 0 after a detach. */
    public static int attach(ContainerDir c, boolean stdin, String detachKeys) {
        byte[] keys = parseDetachKeys(detachKeys);
        if (!c.running()) {
            throw new SkiffException("you can only attach to running containers; " + c.name() + " is "
                    + Containers.status(c));
        }
        if (!c.tty()) {
            throw new SkiffException("container " + c.name() + " has no terminal: attach reaches containers run with "
                    + "-t; follow its output with skiff logs -f " + c.name());
        }
        try (AttachClient client = connect(socketOf(c), 0, null)) {
            return client.run(stdin, keys).orElse(0);
        }
    }

    /** The attach socket of a container. */
    static Path socketOf(ContainerDir c) {
        return c.userdata().resolve("attach");
    }

    /** Connects to SOCKET; waits up to TIMEOUT_MS for it to appear while SUPERVISOR (may be null) lives. */
    static AttachClient connect(Path socket, long timeoutMs, Process supervisor) {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (!Files.exists(socket)) {
            if (System.nanoTime() > deadline || supervisor != null && !supervisor.isAlive()) {
                throw new SkiffException("attach: the container's terminal socket " + socket + " did not appear");
            }
            sleep(10);
        }
        int dir = -1;
        try {
            // sun_path holds 108 bytes: connect through the directory's fd, whatever the path's length
            dir = LibC.openPath(socket.getParent());
            SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            ch.connect(UnixDomainSocketAddress.of("/proc/self/fd/" + dir + "/" + socket.getFileName()));
            return new AttachClient(ch);
        } catch (IOException e) {
            throw new SkiffException("attach to " + socket + ": " + e.getMessage(), e);
        } finally {
            if (dir >= 0) {
                LibC.close(dir);
            }
        }
    }

    /**
     * Runs the session: with STDIN, the caller's keystrokes go to the container (the terminal in
     * raw mode when it is one). Returns the container's exit code, or empty when the caller
     * detached with DETACH_KEYS.
     */
    public OptionalInt run(boolean stdin, byte[] detachKeys) {
        boolean rawInput = stdin && LibC.isatty(0);
        boolean rawOutput = !rawInput && LibC.isatty(1);
        byte[] saved = null;
        int savedFd = rawInput ? 0 : 1;
        try {
            if (rawInput || rawOutput) {
                saved = rawInput ? LibC.makeRaw(0) : LibC.makeOutputRaw(1);
                sendWindowSize(savedFd);
                Signal.handle(new Signal("WINCH"), s -> sendWindowSize(savedFd));
            }
            if (stdin) {
                Thread in = Thread.ofPlatform().daemon().name("skiff-attach-stdin")
                        .start(() -> pumpStdin(detachKeys));
                in.setUncaughtExceptionHandler((t, e) -> { });
            }
            return readOutput();
        } catch (IOException e) {
            throw new SkiffException("attach: " + e.getMessage(), e);
        } finally {
            if (saved != null) {
                LibC.restoreTerminal(savedFd, saved);
            }
        }
    }

    /** Output frames until the exit code; empty when the session was closed by the detach keys. */
    private OptionalInt readOutput() throws IOException {
        DataInputStream in = new DataInputStream(Channels.newInputStream(channel));
        OutputStream out = new FileOutputStream(FileDescriptor.out);
        byte[] buf = new byte[64 * 1024];
        while (true) {
            int type;
            int len;
            try {
                type = in.readUnsignedByte();
                len = in.readInt();
            } catch (EOFException | java.nio.channels.AsynchronousCloseException e) {
                return OptionalInt.empty(); // detached, or the supervisor went away
            } catch (IOException e) {
                if (!channel.isOpen()) {
                    return OptionalInt.empty();
                }
                throw e;
            }
            if (len < 0 || len > 16 << 20) {
                throw new IOException("the supervisor sent a frame of " + len + " bytes");
            }
            byte[] data = len <= buf.length ? buf : new byte[len];
            in.readFully(data, 0, len);
            if (type == 'o') {
                out.write(data, 0, len);
                out.flush();
            } else if (type == 'x') {
                return OptionalInt.of(Integer.parseInt(new String(data, 0, len, StandardCharsets.US_ASCII).strip()));
            }
        }
    }

    /** Keystrokes to the container; a detach sequence is held back until it is complete or broken. */
    private void pumpStdin(byte[] keys) {
        InputStream in = new FileInputStream(FileDescriptor.in);
        byte[] buf = new byte[4096];
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int matched = 0;
        try {
            int n;
            while ((n = in.read(buf)) > 0) {
                for (int i = 0; i < n; i++) {
                    byte b = buf[i];
                    if (keys.length > 0 && b == keys[matched]) {
                        if (++matched == keys.length) {
                            send('i', out.toByteArray(), 0, out.size());
                            channel.close(); // the container goes on; the session ends
                            return;
                        }
                        continue;
                    }
                    if (matched > 0) {
                        out.write(keys, 0, matched);
                        matched = 0;
                        if (b == keys[0]) {
                            matched = 1;
                            continue;
                        }
                    }
                    out.write(b);
                }
                if (out.size() > 0) {
                    send('i', out.toByteArray(), 0, out.size());
                    out.reset();
                }
            }
        } catch (IOException e) {
            // the session ended
        }
    }

    /** The caller's window size (of stdin's terminal, else stdout's; 0 x 0 without one), first thing on connecting. */
    void sendInitialSize() {
        int fd = LibC.isatty(0) ? 0 : 1;
        if (LibC.windowSize(fd) != null) {
            sendWindowSize(fd);
            return;
        }
        try {
            send('w', new byte[4], 0, 4);
        } catch (IOException e) {
            // the session ended
        }
    }

    private void sendWindowSize(int fd) {
        int[] ws = LibC.windowSize(fd);
        if (ws == null) {
            return;
        }
        byte[] data = {(byte) (ws[0] >> 8), (byte) ws[0], (byte) (ws[1] >> 8), (byte) ws[1]};
        try {
            send('w', data, 0, 4);
        } catch (IOException e) {
            // the session ended
        }
    }

    private synchronized void send(char type, byte[] data, int off, int len) throws IOException {
        ByteBuffer frame = ByteBuffer.allocate(3 + len);
        frame.put((byte) type).putShort((short) len).put(data, off, len).flip();
        while (frame.hasRemaining()) {
            channel.write(frame);
        }
    }

    /** Parses `--detach-keys`: comma-separated `ctrl-X` or single characters; empty disables detaching. */
    public static byte[] parseDetachKeys(String spec) {
        if (spec == null) {
            spec = DEFAULT_DETACH_KEYS;
        }
        if (spec.isEmpty()) {
            return new byte[0];
        }
        String[] keys = spec.split(",");
        byte[] out = new byte[keys.length];
        for (int i = 0; i < keys.length; i++) {
            String k = keys[i];
            if (k.length() == 1) {
                out[i] = (byte) k.charAt(0);
            } else if (k.matches("ctrl-[a-z@\\[\\\\\\]^_]")) {
                char c = k.charAt(5);
                out[i] = (byte) (c >= 'a' && c <= 'z' ? c - 'a' + 1 : c - '@');
            } else {
                throw new SkiffException("--detach-keys " + spec + ": `" + k + "` is not a key; give e.g. "
                        + "ctrl-p,ctrl-q or a single character");
            }
        }
        return out;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SkiffException("attach interrupted", e);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }
}

package dev.vantage.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A loopback target that never answers the handshake, as a firewall that drops packets would.
 *
 * <p>It listens with a backlog of 1 and never accepts. The fixture itself fills the accept queue
 * with connections of its own (Linux queues backlog + 1), and checks in {@code /proc/net/tcp}
 * that the queue is full. From then on the kernel drops every further SYN to the port, so a
 * probe sees no SYN-ACK and times out. This needs {@code net.ipv4.tcp_abort_on_overflow = 0}
 * (the default); with 1 the kernel would answer with resets instead, and the fixture refuses to
 * start. No packet leaves the machine.
 */
public final class SilentTarget implements AutoCloseable {
    private static final int BACKLOG = 1;
    private static final int MAX_FILLERS = 16;

    private final ServerSocket server;
    private final List<Socket> fillers = new ArrayList<>();

    private SilentTarget(ServerSocket server) {
        this.server = server;
    }

    public static SilentTarget start() {
        checkAbortOnOverflowIsOff();
        ServerSocket server = null;
        SilentTarget target = null;
        try {
            server = new ServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), BACKLOG);
            target = new SilentTarget(server);
            target.fillAcceptQueue();
            return target;
        } catch (IOException | RuntimeException e) {
            if (target != null) {
                target.close();
            } else if (server != null) {
                try {
                    server.close();
                } catch (IOException ignored) {
                    // nothing more to release
                }
            }
            throw new IllegalStateException("cannot set up a silent loopback target: " + e.getMessage(), e);
        }
    }

    private static void checkAbortOnOverflowIsOff() {
        Path knob = Path.of("/proc/sys/net/ipv4/tcp_abort_on_overflow");
        try {
            if (Files.exists(knob) && !Files.readString(knob).trim().equals("0")) {
                throw new IllegalStateException("net.ipv4.tcp_abort_on_overflow is not 0: the kernel would reset instead of "
                        + "dropping SYNs to a full accept queue; set it with: sysctl -w net.ipv4.tcp_abort_on_overflow=0");
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + knob + ": " + e.getMessage(), e);
        }
    }

    private void fillAcceptQueue() throws IOException {
        while (acceptQueueLength() <= BACKLOG) {
            if (fillers.size() >= MAX_FILLERS) {
                throw new IllegalStateException("accept queue of port " + port() + " still not full after "
                        + MAX_FILLERS + " connections");
            }
            Socket s = new Socket();
            fillers.add(s);
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port()), 10_000);
        }
    }

    /**
     * The listener's accept queue length as the kernel reports it: for a listening socket the
     * rx_queue column of /proc/net/tcp (or tcp6) holds the number of connections waiting to be accepted.
     */
    private long acceptQueueLength() throws IOException {
        String localPort = String.format(Locale.ROOT, ":%04X", port());
        // The JDK opens dual-stack sockets where it can, which the kernel lists in tcp6.
        for (String table : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
            Path path = Path.of(table);
            if (!Files.exists(path)) {
                continue;
            }
            for (String line : Files.readAllLines(path)) {
                String[] f = line.trim().split("\\s+");
                // sl local_address rem_address st tx_queue:rx_queue ...; st 0A is LISTEN
                if (f.length > 4 && f[1].endsWith(localPort) && f[3].equals("0A")) {
                    return Long.parseLong(f[4].substring(f[4].indexOf(':') + 1), 16);
                }
            }
        }
        throw new IllegalStateException("listener on port " + port() + " not found in /proc/net/tcp or /proc/net/tcp6");
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return server.getLocalPort();
    }

    /** {@code 127.0.0.1:port}. */
    public String address() {
        return host() + ":" + port();
    }

    @Override
    public void close() {
        for (Socket s : fillers) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing a filler connection cannot usefully fail
            }
        }
        fillers.clear();
        try {
            server.close();
        } catch (IOException ignored) {
            // nothing more to release
        }
    }
}

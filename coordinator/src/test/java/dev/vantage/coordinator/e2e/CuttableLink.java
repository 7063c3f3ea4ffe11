package dev.vantage.coordinator.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay on loopback between agents and the coordinator that a test can break the way a network
 * does: {@link #dropUpstream} silently loses what agents send (jobs still come down, results and
 * heartbeats never arrive, nobody is told), and {@link #reset} then ends every relayed connection,
 * as a peer finally does; new connections are relayed normally.
 */
final class CuttableLink implements AutoCloseable {
    private final ServerSocket server;
    private final InetSocketAddress target;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean dropUpstream;
    private volatile boolean closed;

    CuttableLink(int targetPort) throws IOException {
        this.target = new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort);
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::accept, "cuttable-link-accept");
        accept.setDaemon(true);
        accept.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** From now on, bytes from agents to the coordinator are thrown away on the open connections. */
    void dropUpstream() {
        dropUpstream = true;
    }

    /** Ends every relayed connection; later ones are relayed both ways again. */
    void reset() {
        dropUpstream = false;
        for (Socket s : sockets) {
            closeQuietly(s);
        }
        sockets.clear();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket agent = server.accept();
                Socket coordinator = new Socket();
                coordinator.connect(target, 5_000);
                sockets.add(agent);
                sockets.add(coordinator);
                pump(agent, coordinator, true);
                pump(coordinator, agent, false);
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private void pump(Socket from, Socket to, boolean upstream) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    if (!(upstream && dropUpstream)) {
                        out.write(buf, 0, n);
                        out.flush();
                    }
                }
            } catch (SocketException e) {
                // reset() or the peer closed
            } catch (IOException e) {
                // the same, seen from the other side
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "cuttable-link-" + (upstream ? "up" : "down"));
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        reset();
    }
}

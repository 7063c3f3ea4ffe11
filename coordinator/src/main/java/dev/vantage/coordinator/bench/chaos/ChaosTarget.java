package dev.vantage.coordinator.bench.chaos;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * The loopback targets of a chaos run: one port that accepts every connection (the UP monitors) and
 * one that refuses them (the DOWN monitors, so that alerts are due): a socket bound but not listening,
 * which the kernel answers with a reset, and which keeps the port from being taken meanwhile.
 */
final class ChaosTarget implements AutoCloseable {
    static final String HOST = "127.0.0.1";
    private final ServerSocketChannel open;
    private final Socket refusing;
    private final Thread acceptor;

    private ChaosTarget(ServerSocketChannel open, Socket refusing) {
        this.open = open;
        this.refusing = refusing;
        this.acceptor = new Thread(this::acceptAll, "chaos-target");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    static ChaosTarget start() throws IOException {
        ServerSocketChannel open = ServerSocketChannel.open();
        Socket refusing = new Socket();
        try {
            open.bind(new InetSocketAddress(HOST, 0), 4096);
            refusing.bind(new InetSocketAddress(HOST, 0));
        } catch (IOException e) {
            open.close();
            refusing.close();
            throw e;
        }
        return new ChaosTarget(open, refusing);
    }

    int openPort() {
        return open.socket().getLocalPort();
    }

    int refusingPort() {
        return refusing.getLocalPort();
    }

    private void acceptAll() {
        while (open.isOpen()) {
            try (SocketChannel c = open.accept()) {
                // The agents close with a reset: nothing to read, nothing to linger.
                c.setOption(StandardSocketOptions.SO_LINGER, 0);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                // the peer reset first; the handshake, which is all a probe measures, was done
            }
        }
    }

    @Override
    public void close() throws IOException {
        try (refusing) {
            open.close();
        }
    }
}

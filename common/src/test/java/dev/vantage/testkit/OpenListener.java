package dev.vantage.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback target that completes every handshake: it accepts each connection and closes it
 * at once. Listens on 127.0.0.1, on a port the kernel picks; counts what it accepted.
 *
 * <pre>{@code
 * try (OpenListener target = OpenListener.start()) {
 *     probe("127.0.0.1", target.port());
 * }
 * }</pre>
 */
public final class OpenListener implements AutoCloseable {
    private final ServerSocketChannel server;
    private final Thread acceptor;
    private final AtomicLong accepted = new AtomicLong();

    private OpenListener(ServerSocketChannel server) {
        this.server = server;
        this.acceptor = new Thread(this::acceptLoop, "open-listener-" + port());
        this.acceptor.setDaemon(true);
        this.acceptor.start();
    }

    /** Starts listening on 127.0.0.1 with a deep accept queue (4096). */
    public static OpenListener start() {
        return start(InetAddress.getLoopbackAddress().getHostAddress(), 0);
    }

    /**
     * Starts listening on {@code host} (an address of this machine, e.g. 127.0.0.3: all of 127/8 is
     * loopback on Linux) and {@code port} (0: a free one), e.g. to bring a stopped target back.
     */
    public static OpenListener start(String host, int port) {
        try {
            ServerSocketChannel server = ServerSocketChannel.open();
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(new InetSocketAddress(InetAddress.getByName(host), port), 4096);
            return new OpenListener(server);
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            try (SocketChannel ignored = server.accept()) {
                accepted.incrementAndGet();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (!server.isOpen()) {
                    return;
                }
                // A connection that went away before we closed it: keep accepting.
            }
        }
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return server.socket().getLocalPort();
    }

    /** {@code 127.0.0.1:port}, as a probe reports the address it connected to. */
    public String address() {
        return host() + ":" + port();
    }

    /** Connections accepted so far. */
    public long accepted() {
        return accepted.get();
    }

    @Override
    public void close() {
        try {
            server.close();
            acceptor.join(5_000);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

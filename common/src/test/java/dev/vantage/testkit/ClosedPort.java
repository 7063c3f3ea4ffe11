package dev.vantage.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * A loopback port with nothing listening, so a connect is refused (the kernel answers the SYN
 * with a reset). Found by binding port 0, noting the port and closing the socket again; another
 * process could take it in between, which on a test machine does not happen in practice.
 */
public record ClosedPort(String host, int port) {

    public static ClosedPort find() {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return new ClosedPort("127.0.0.1", s.getLocalPort());
        } catch (IOException e) {
            throw new IllegalStateException("cannot bind a loopback port: " + e.getMessage(), e);
        }
    }

    /** {@code 127.0.0.1:port}. */
    public String address() {
        return host + ":" + port;
    }
}

package dev.vantage.common.config;

import dev.vantage.common.text.Display;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * A host name or IP literal and a port, written {@code host:port} or {@code [v6]:port}: the coordinator's
 * listen address, the address agents and the CLI dial, a benchmark target. Callers name the option or
 * key in their own error message; the message here says what is wrong and how to write it.
 */
public record HostPort(String host, int port) {
    public HostPort {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host: must not be empty");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port: must be between 1 and 65535, got " + port);
        }
    }

    /**
     * Parses an address to connect to: {@code host:port}, {@code 10.0.0.1:443} or {@code [2001:db8::1]:443}.
     *
     * @throws IllegalArgumentException saying what is wrong and how to write it
     */
    public static HostPort parse(String text) {
        HostPort hp = parseBindable(text);
        if (hp.port() == 0) {
            throw new IllegalArgumentException(Display.quote(text) + ": port must be between 1 and 65535");
        }
        return hp;
    }

    /** Like {@link #parse}, but port 0 ("any free port") is allowed: for addresses to listen on. */
    public static HostPort parseBindable(String text) {
        String s = text == null ? "" : text.trim();
        int colon = s.lastIndexOf(':');
        if (colon <= 0 || colon == s.length() - 1) {
            throw new IllegalArgumentException(Display.quote(s) + " is not HOST:PORT; write it like coordinator.example.net:7400 or [::1]:7400");
        }
        String host = s.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new IllegalArgumentException(Display.quote(s) + ": put an IPv6 address in brackets, like [::1]:7400");
        }
        int port;
        try {
            port = Integer.parseInt(s.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(Display.quote(s) + ": port " + Display.quote(s.substring(colon + 1)) + " is not a number");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(Display.quote(s) + ": port must be between 1 and 65535");
        }
        return new HostPort(host, port);
    }

    /**
     * Whether only this host can connect to the address: a loopback address, or a name that resolves to one.
     * A name that does not resolve counts as reachable from elsewhere, so the stricter rule applies.
     */
    public boolean isLoopback() {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    }
}

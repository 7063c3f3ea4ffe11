package dev.vantage.agent;

import java.util.Objects;

/** A host name or IP literal and a port, written {@code host:port} or {@code [v6]:port}. */
public record HostPort(String host, int port) {
    public HostPort {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host: must not be empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port: must be between 1 and 65535, got " + port);
        }
    }

    /**
     * Parses {@code host:port}, {@code 10.0.0.1:443} or {@code [2001:db8::1]:443}.
     *
     * @throws IllegalArgumentException saying what is wrong and how to write it
     */
    public static HostPort parse(String text) {
        String s = text == null ? "" : text.trim();
        int colon = s.lastIndexOf(':');
        if (colon <= 0 || colon == s.length() - 1) {
            throw new IllegalArgumentException("'" + text + "' is not HOST:PORT; write it like coordinator.example.net:7443 or [::1]:7443");
        }
        String host = s.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new IllegalArgumentException("'" + text + "': put an IPv6 address in brackets, like [::1]:7443");
        }
        int port;
        try {
            port = Integer.parseInt(s.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "': port '" + s.substring(colon + 1) + "' is not a number");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("'" + text + "': port must be between 1 and 65535");
        }
        return new HostPort(host, port);
    }

    @Override
    public String toString() {
        return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    }
}

package dev.vantage.coordinator.http;

import dev.vantage.common.config.HostPort;
import dev.vantage.common.input.ValidationException;
import java.util.Optional;
import java.util.Properties;

/**
 * The coordinator's HTTP endpoint for operators ({@code /metrics}, {@code /healthz}, the status page at {@code /}).
 *
 * @param listen     {@code http.listen}: where it binds ({@value #DEFAULT_LISTEN} by default); empty for {@code off}
 * @param perMonitor {@code metrics.per_monitor}: whether /metrics has series per monitor and location
 *                   (true by default; false for very large installs, where they would be most of a scrape)
 */
public record HttpSettings(Optional<HostPort> listen, boolean perMonitor) {
    public static final String LISTEN_KEY = "http.listen";
    public static final String PER_MONITOR_KEY = "metrics.per_monitor";
    static final String DEFAULT_LISTEN = "127.0.0.1:7480";

    public static HttpSettings fromProperties(Properties p) {
        String listen = p.getProperty(LISTEN_KEY, DEFAULT_LISTEN).trim();
        Optional<HostPort> address;
        if (listen.equals("off")) {
            address = Optional.empty();
        } else {
            try {
                address = Optional.of(HostPort.parseBindable(listen));
            } catch (IllegalArgumentException e) {
                throw new ValidationException(LISTEN_KEY, e.getMessage() + "; or off to serve no HTTP");
            }
        }
        String perMonitor = p.getProperty(PER_MONITOR_KEY, "true").trim();
        if (!perMonitor.equals("true") && !perMonitor.equals("false")) {
            throw new ValidationException(PER_MONITOR_KEY, "must be true or false, got '" + perMonitor + "'");
        }
        return new HttpSettings(address, perMonitor.equals("true"));
    }

    /**
     * Whether callers must show a {@code read} token: /metrics names monitors and targets, so only a
     * loopback address serves it to anyone who can connect.
     */
    public boolean needsToken() {
        return listen.isPresent() && !listen.get().isLoopback();
    }
}

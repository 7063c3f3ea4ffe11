package dev.vantage.common.model;

import java.time.Duration;
import java.util.Objects;

/** Where to connect and how long to wait for the handshake. */
public record ProbeTarget(String host, int port, Duration timeout) {
    public ProbeTarget {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(timeout, "timeout");
    }
}

package dev.vantage.coordinator.decide;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A location that connected, but slower than the monitor's {@code --warn-connect-time}: a warning,
 * never a failure.
 *
 * @param location    a location name
 * @param connectTime SYN sent to connection established
 * @param at          when that probe ran
 */
public record SlowConnect(String location, Duration connectTime, Instant at) {
    public SlowConnect {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(connectTime, "connectTime");
        Objects.requireNonNull(at, "at");
    }
}

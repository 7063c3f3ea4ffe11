package dev.vantage.coordinator.location;

import dev.vantage.common.config.HostPort;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One location's health as {@code vantage locations} shows it.
 *
 * @param health        UNCHECKED (no canaries), HEALTHY or DEGRADED
 * @param since         when it became what it is; empty for UNCHECKED and before the first state change
 * @param canaries      its canary targets
 * @param lastConnected canaries that connected in the latest complete canary round
 * @param lastAnswered  canaries with an agent's answer in that round (the rest had no agent)
 * @param lastRoundAt   when that round was due; empty before the first one completes
 */
public record LocationHealth(Health health, Optional<Instant> since, List<HostPort> canaries, int lastConnected, int lastAnswered,
                             Optional<Instant> lastRoundAt) {
    public LocationHealth {
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(lastRoundAt, "lastRoundAt");
        canaries = List.copyOf(canaries);
    }

    static LocationHealth unchecked() {
        return new LocationHealth(Health.UNCHECKED, Optional.empty(), List.of(), 0, 0, Optional.empty());
    }
}

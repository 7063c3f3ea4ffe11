package dev.vantage.coordinator.store;

import dev.vantage.common.config.HostPort;
import dev.vantage.coordinator.decide.LocationFailure;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A location's health from its canaries as the store keeps it, so that the next active coordinator carries it on
 * ({@link dev.vantage.coordinator.location.Canaries}).
 *
 * @param degraded DEGRADED (its canaries fail), else HEALTHY
 * @param since    when it became what it is; empty while HEALTHY from the start
 * @param streak   canary rounds in a row against it: failed ones while HEALTHY, good ones while DEGRADED
 * @param episode  the open degradation: present exactly while DEGRADED
 */
public record SavedLocationHealth(boolean degraded, Optional<Instant> since, int streak, Optional<Episode> episode) {
    public SavedLocationHealth {
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(episode, "episode");
        if (streak < 0) {
            throw new IllegalArgumentException("streak " + streak + " is negative");
        }
        if (degraded != episode.isPresent()) {
            throw new IllegalArgumentException("a degradation is present exactly while DEGRADED");
        }
    }

    /**
     * One degradation of a location, from its location-degraded alert to its location-recovered one.
     *
     * @param incidentId their incident id
     * @param canary     the canary they name as target
     * @param degradedBy the failure that degraded the location (where the outage starts)
     */
    public record Episode(String incidentId, HostPort canary, LocationFailure degradedBy) {
        public Episode {
            Objects.requireNonNull(incidentId, "incidentId");
            Objects.requireNonNull(canary, "canary");
            Objects.requireNonNull(degradedBy, "degradedBy");
        }
    }
}

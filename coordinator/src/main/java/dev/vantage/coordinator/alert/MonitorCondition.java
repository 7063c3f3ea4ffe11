package dev.vantage.coordinator.alert;

import dev.vantage.coordinator.decide.LocationFailure;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A monitor's status as {@code vantage status} shows it (PAUSED is the catalogue's business, not the tracker's).
 *
 * @param since         when this state began; for DOWN the first failure of the outage
 * @param failing       for DOWN and WARNING: the failing locations with reason and time
 * @param incidentId    the open incident, if any
 * @param blackoutUntil when the active blackout ends, if one is active
 */
public record MonitorCondition(
        MonitorState state,
        Optional<Instant> since,
        List<LocationFailure> failing,
        Optional<String> incidentId,
        Optional<Instant> blackoutUntil) {

    public MonitorCondition {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(incidentId, "incidentId");
        Objects.requireNonNull(blackoutUntil, "blackoutUntil");
        failing = List.copyOf(failing);
    }
}

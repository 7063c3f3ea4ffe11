package dev.vantage.coordinator.alert;

import dev.vantage.coordinator.decide.LocationFailure;
import dev.vantage.coordinator.decide.SlowConnect;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A monitor's status as {@code vantage status} shows it (PAUSED is the catalogue's business, not the tracker's).
 *
 * @param since         when this state began; for DOWN the first failure of the outage
 * @param failing       for DOWN, WARNING and FLAPPING: the failing locations with reason and time; for REGIONAL the
 *                      locations failing below the DOWN rule, each with the time its failing streak began
 * @param incidentId    the open incident, if any
 * @param blackoutUntil when the active blackout ends, if one is active
 * @param slow          the locations connecting slower than {@code --warn-connect-time} for {@code --warn-after}
 *                      rounds, with their latest connect (a WARNING when nothing worse is shown)
 */
public record MonitorCondition(
        MonitorState state,
        Optional<Instant> since,
        List<LocationFailure> failing,
        Optional<String> incidentId,
        Optional<Instant> blackoutUntil,
        List<SlowConnect> slow) {

    public MonitorCondition {
        slow = List.copyOf(slow);
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(incidentId, "incidentId");
        Objects.requireNonNull(blackoutUntil, "blackoutUntil");
        failing = List.copyOf(failing);
    }

    /** A condition with no slow locations. */
    public MonitorCondition(MonitorState state, Optional<Instant> since, List<LocationFailure> failing, Optional<String> incidentId,
                            Optional<Instant> blackoutUntil) {
        this(state, since, failing, incidentId, blackoutUntil, List.of());
    }
}

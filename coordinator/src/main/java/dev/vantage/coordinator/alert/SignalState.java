package dev.vantage.coordinator.alert;

import dev.vantage.coordinator.decide.FlapWatch;
import dev.vantage.coordinator.decide.SignalWatch;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link IncidentTracker} remembers for REGIONAL, slow connects and flapping, beside the outage.
 * Each incident exists only while its alert is turned on ({@code --notify-regional}, {@code --notify-slow},
 * flap detection); the states themselves come from {@code watch} and {@code flap}.
 *
 * @param watch    failing and slow streaks by location
 * @param flap     recent changes between UP and DOWN, and whether the monitor flaps
 * @param regional the open REGIONAL incident
 * @param slow     the open slow-connect incident ({@link OpenIncident#failing()} is empty: the slow
 *                 locations are the watch's)
 * @param flapping the open FLAPPING incident
 */
public record SignalState(
        SignalWatch watch,
        FlapWatch flap,
        Optional<OpenIncident> regional,
        Optional<OpenIncident> slow,
        Optional<OpenIncident> flapping) {

    public SignalState {
        Objects.requireNonNull(watch, "watch");
        Objects.requireNonNull(flap, "flap");
        Objects.requireNonNull(regional, "regional");
        Objects.requireNonNull(slow, "slow");
        Objects.requireNonNull(flapping, "flapping");
    }

    public static SignalState initial() {
        return new SignalState(SignalWatch.initial(), FlapWatch.initial(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** Whether any incident is open: the monitor needs ticks for reminders and held-back alerts. */
    public boolean anyIncident() {
        return regional.isPresent() || slow.isPresent() || flapping.isPresent();
    }
}

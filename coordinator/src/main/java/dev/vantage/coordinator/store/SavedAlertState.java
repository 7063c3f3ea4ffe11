package dev.vantage.coordinator.store;

import dev.vantage.coordinator.alert.MonitorAlertState;
import dev.vantage.coordinator.decide.RoundRobinState;
import java.util.Objects;

/**
 * What the coordinator carries from one round of a monitor to the next, as the store keeps it.
 *
 * @param alert      incidents, streaks and status ({@link dev.vantage.coordinator.alert.IncidentTracker})
 * @param roundRobin whose turn it is, for {@code --mode round-robin}
 */
public record SavedAlertState(MonitorAlertState alert, RoundRobinState roundRobin) {
    public SavedAlertState {
        Objects.requireNonNull(alert, "alert");
        Objects.requireNonNull(roundRobin, "roundRobin");
    }

    public static SavedAlertState initial() {
        return new SavedAlertState(MonitorAlertState.initial(), RoundRobinState.initial());
    }
}

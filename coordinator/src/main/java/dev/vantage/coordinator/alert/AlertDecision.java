package dev.vantage.coordinator.alert;

import java.util.List;
import java.util.Objects;

/** What {@link IncidentTracker} decided: the state to store, the alerts to enqueue (with it), and the status to show. */
public record AlertDecision(MonitorAlertState state, List<AlertIntent> alerts, MonitorCondition condition) {
    public AlertDecision {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(condition, "condition");
        alerts = List.copyOf(alerts);
    }
}

package dev.vantage.coordinator.status;

import dev.vantage.common.model.Monitor;
import dev.vantage.common.model.ProbeResult;
import dev.vantage.coordinator.alert.MonitorCondition;
import dev.vantage.coordinator.alert.MonitorState;
import java.util.List;
import java.util.Objects;

/**
 * A monitor, its condition (state, since when, failing locations, incident, blackout) and the newest
 * result of each of its locations; and how many of its rounds were skipped because the previous one
 * had not finished (since the coordinator started).
 */
public record MonitorStatus(Monitor monitor, MonitorCondition condition, List<ProbeResult> lastResults, long roundsSkipped) {
    public MonitorStatus {
        Objects.requireNonNull(monitor, "monitor");
        Objects.requireNonNull(condition, "condition");
        lastResults = List.copyOf(lastResults);
    }

    public MonitorState state() {
        return condition.state();
    }
}

package dev.vantage.coordinator.status;

import dev.vantage.common.model.Monitor;
import dev.vantage.common.model.ProbeResult;
import java.util.List;

/** A monitor, its state, and the newest result of each of its locations. */
public record MonitorStatus(Monitor monitor, MonitorState state, List<ProbeResult> lastResults) {
    public MonitorStatus {
        lastResults = List.copyOf(lastResults);
    }
}

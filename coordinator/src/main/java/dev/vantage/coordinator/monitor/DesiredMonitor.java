package dev.vantage.coordinator.monitor;

import dev.vantage.common.model.MonitorSpec;
import java.util.Objects;

/** One monitor as an applied file says it should be: its definition and whether it is paused. */
public record DesiredMonitor(MonitorSpec spec, boolean paused) {
    public DesiredMonitor {
        Objects.requireNonNull(spec, "spec");
    }
}

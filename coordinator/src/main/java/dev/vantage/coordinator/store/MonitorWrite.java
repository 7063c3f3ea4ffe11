package dev.vantage.coordinator.store;

import dev.vantage.common.model.MonitorSpec;
import java.util.Objects;

/**
 * One monitor to write in {@link Store#applyMonitors}: a new one ({@code id} 0) or the whole
 * definition and paused flag of an existing one.
 */
public record MonitorWrite(long id, MonitorSpec spec, boolean paused) {
    public MonitorWrite {
        Objects.requireNonNull(spec, "spec");
    }

    boolean isNew() {
        return id == 0;
    }
}

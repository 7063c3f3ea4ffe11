package dev.vantage.common.model;

import java.time.Instant;
import java.util.Objects;

/** A stored monitor: its definition plus what the store adds. */
public record Monitor(long id, MonitorSpec spec, boolean paused, Instant createdAt, Instant updatedAt) {
    public Monitor {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    public String name() {
        return spec.name();
    }

    public Monitor withSpec(MonitorSpec newSpec, Instant at) {
        return new Monitor(id, newSpec, paused, createdAt, at);
    }

    public Monitor withPaused(boolean newPaused, Instant at) {
        return new Monitor(id, spec, newPaused, createdAt, at);
    }
}

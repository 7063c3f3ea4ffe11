package dev.vantage.coordinator.monitor;

import dev.vantage.common.model.Monitor;
import dev.vantage.coordinator.dispatch.ResendCheck;
import dev.vantage.coordinator.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Which results of jobs this coordinator never issued it stores: those of a monitor that exists and
 * probes from the agent's location, due within the results retention (older ones would be purged at
 * once) and not ahead of this coordinator's clock by more than {@link #CLOCK_SKEW} (the one it took
 * over from may have run a little ahead).
 */
public final class ResendWindow implements ResendCheck {
    static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

    private final Store store;
    private final Clock clock;
    private final Duration retention;

    public ResendWindow(Store store, Clock clock, Duration retention) {
        this.store = store;
        this.clock = clock;
        this.retention = retention;
    }

    @Override
    public boolean plausible(String location, long monitorId, Instant dueAt) {
        Instant now = clock.instant();
        if (dueAt.isBefore(now.minus(retention)) || dueAt.isAfter(now.plus(CLOCK_SKEW))) {
            return false;
        }
        Optional<Monitor> m = store.findMonitor(monitorId);
        return m.isPresent() && m.get().spec().locations().contains(location);
    }
}

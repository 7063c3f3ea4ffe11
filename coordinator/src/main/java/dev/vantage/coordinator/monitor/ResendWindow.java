package dev.vantage.coordinator.monitor;

import dev.vantage.common.model.Monitor;
import dev.vantage.coordinator.dispatch.ResendCheck;
import dev.vantage.coordinator.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which results of jobs this coordinator never issued it stores: those of a monitor that exists and
 * probes from the agent's location, due within the results retention (older ones would be purged at
 * once) and not ahead of this coordinator's clock by more than {@link #CLOCK_SKEW} (the one it took
 * over from may have run a little ahead).
 */
public final class ResendWindow implements ResendCheck {
    static final Duration CLOCK_SKEW = Duration.ofMinutes(1);
    private static final long REMEMBER_MILLIS = 10_000;
    private static final int MAX_REMEMBERED = 100_000;

    private record Known(Set<String> locations, long readAtMillis) {
    }

    private final Map<Long, Known> recent = new ConcurrentHashMap<>();

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
        return locations(monitorId, now.toEpochMilli()).contains(location);
    }

    /**
     * A monitor's locations (none once deleted), read from the store at most every {@link #REMEMBER_MILLIS} ms: after a
     * restart every agent resends at once, many results per monitor.
     */
    private Set<String> locations(long monitorId, long nowMillis) {
        Known known = recent.get(monitorId);
        if (known != null && nowMillis < known.readAtMillis() + REMEMBER_MILLIS) {
            return known.locations();
        }
        Optional<Monitor> m = store.findMonitor(monitorId);
        Set<String> locations = m.map(x -> Set.copyOf(x.spec().locations())).orElse(Set.of());
        if (recent.size() >= MAX_REMEMBERED) {
            recent.clear();
        }
        recent.put(monitorId, new Known(locations, nowMillis));
        return locations;
    }
}

package dev.vantage.coordinator.report;

import dev.vantage.common.model.Monitor;
import dev.vantage.coordinator.store.Store;
import java.time.Instant;
import java.util.Objects;

/**
 * Reads what a report needs from the store and hands it to {@link Availability}. Per monitor: its scheduled
 * results in the period ({@link Store#summarizeResults}: hourly rollups for the whole hours rolled up, about
 * (locations + 1) rows an hour, and results for the rest) and its incident alerts. Memory is about 60 bytes per
 * round (30 days of 10-second rounds: ~15 MB) and, for a period read from results alone, 8 bytes per connected
 * result.
 */
public final class Reports {
    private final Store store;

    public Reports(Store store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    public AvailabilityReport of(Monitor monitor, Instant since, Instant until) {
        return Availability.of(monitor, store.summarizeResults(monitor.id(), since, until),
                store.incidentAlerts(monitor.id(), since), store.gaps(since, until), since, until);
    }
}

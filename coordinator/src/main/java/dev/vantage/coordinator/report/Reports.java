package dev.vantage.coordinator.report;

import dev.vantage.common.model.Monitor;
import dev.vantage.coordinator.store.Store;
import java.time.Instant;
import java.util.Objects;

/**
 * Reads what a report needs from the store and hands it to {@link Availability}. Per monitor: three reads
 * of its scheduled results in the period on the index {@code results_by_monitor} (counts, rounds, connect
 * times) and its incident alerts; memory is about 8 bytes per connected result (30 days of 10-second
 * rounds from 3 locations: ~780,000 results, ~6 MB).
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

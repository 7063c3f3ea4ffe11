package dev.vantage.coordinator.store;

import java.time.Instant;
import java.util.Optional;

/**
 * Which results to read.
 *
 * @param location empty: every location
 * @param since    empty: no lower bound on the start time
 * @param limit    most results to return
 */
public record ResultQuery(long monitorId, Optional<String> location, Optional<Instant> since, int limit) {
}

package dev.vantage.coordinator.store;

import java.time.Instant;
import java.util.Optional;

/**
 * What becoming the active coordinator of a store gave: its fencing epoch, and when the store last had
 * an active coordinator (empty on a store that never had one).
 */
public record Tenure(long epoch, Optional<Instant> previousAliveAt) {
}

package dev.vantage.coordinator.store;

import java.time.Instant;
import java.util.Optional;

/**
 * What becoming the active coordinator of a store gave: its fencing epoch, when the store last had an active
 * coordinator (empty on a store that never had one), and whether that one released its epoch cleanly (a
 * planned stop) rather than crashing or losing its lock.
 */
public record Tenure(long epoch, Optional<Instant> previousAliveAt, boolean previousReleased) {
}

package dev.vantage.coordinator.schedule;

import dev.vantage.common.model.Monitor;
import java.time.Instant;

/**
 * A monitor's round that is due now: probe it from its locations.
 *
 * @param late whether this is the one catch-up round of a monitor whose round fell due while no coordinator was
 *             active (its first probes are stored as {@code LATE}, not {@code SCHEDULED})
 */
public record DueRound(Monitor monitor, Instant dueAt, boolean late) {
}

package dev.vantage.coordinator.schedule;

import dev.vantage.common.model.Monitor;
import java.time.Instant;

/** A monitor's round that is due now: probe it from its locations. */
public record DueRound(Monitor monitor, Instant dueAt) {
}

package dev.vantage.coordinator.schedule;

import java.time.Instant;

/** Where a round's outcome asks for the monitor's next round sooner than its beat ({@code --retry-interval}). */
@FunctionalInterface
public interface EarlyRounds {
    /** The monitor's next round is due at {@code dueAt} instead of on its beat. */
    void runAt(long monitorId, Instant dueAt);
}

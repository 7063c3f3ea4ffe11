package dev.vantage.coordinator.store;

import java.time.Instant;
import java.util.Objects;

/**
 * What one pass of {@link Store#rollUpResults} did.
 *
 * @param hours        hours rolled up for the first time
 * @param monitorHours monitor-hours written for them (monitors with results in the hour)
 * @param rolledAgain  monitor-hours rolled up again because a result arrived late
 * @param rolledUpTo   every hour before this is rolled up
 */
public record RollupPass(int hours, int monitorHours, int rolledAgain, Instant rolledUpTo) {
    public RollupPass {
        Objects.requireNonNull(rolledUpTo, "rolledUpTo");
    }
}

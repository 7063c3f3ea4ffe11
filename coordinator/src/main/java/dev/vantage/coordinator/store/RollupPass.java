package dev.vantage.coordinator.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What one pass of {@link Store#rollUpResults} did.
 *
 * @param hours        hours rolled up for the first time
 * @param monitorHours monitor-hours written for them (monitors with results in the hour)
 * @param rolledAgain  monitor-hours rolled up again because a result arrived late
 * @param rolledUpTo   every hour before this is rolled up
 * @param longestWrite the longest write transaction of the pass: how long the result writer may have waited for it
 */
public record RollupPass(int hours, int monitorHours, int rolledAgain, Instant rolledUpTo, Duration longestWrite) {
    public RollupPass {
        Objects.requireNonNull(rolledUpTo, "rolledUpTo");
        Objects.requireNonNull(longestWrite, "longestWrite");
    }

    /** This pass followed by {@code next}, as one. */
    public RollupPass then(RollupPass next) {
        return new RollupPass(hours + next.hours, monitorHours + next.monitorHours, rolledAgain + next.rolledAgain, next.rolledUpTo,
                longestWrite.compareTo(next.longestWrite) >= 0 ? longestWrite : next.longestWrite);
    }
}

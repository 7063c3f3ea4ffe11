package dev.vantage.coordinator.location;

import java.util.Optional;

/**
 * The DEGRADED / HEALTHY rule for one location, from its canary rounds. Pure: no clock, no I/O.
 * A round counts as failed when no canary connected and at least one failed; as good when at least
 * one connected; a round in which no canary had an agent says nothing and leaves the streaks alone.
 */
final class Streak {
    private final int degradeAfter;
    private final int recoverAfter;
    private boolean degraded;
    private int failedInARow;
    private int goodInARow;

    Streak(int degradeAfter, int recoverAfter) {
        this.degradeAfter = degradeAfter;
        this.recoverAfter = recoverAfter;
    }

    /**
     * @param connected canaries that connected this round
     * @param failed    canaries that failed this round (status 1)
     * @return the new health when this round changed it
     */
    Optional<Health> round(int connected, int failed) {
        if (connected > 0) {
            failedInARow = 0;
            goodInARow++;
            if (degraded && goodInARow >= recoverAfter) {
                degraded = false;
                return Optional.of(Health.HEALTHY);
            }
        } else if (failed > 0) {
            goodInARow = 0;
            failedInARow++;
            if (!degraded && failedInARow >= degradeAfter) {
                degraded = true;
                return Optional.of(Health.DEGRADED);
            }
        }
        return Optional.empty();
    }

    boolean degraded() {
        return degraded;
    }
}

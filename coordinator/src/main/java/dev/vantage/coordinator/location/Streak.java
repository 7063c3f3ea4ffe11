package dev.vantage.coordinator.location;

import java.util.Optional;

/**
 * The DEGRADED / HEALTHY rule for one location, from its canary rounds. Pure: no clock, no I/O.
 * A round counts as failed when no canary connected and at least one failed; as good when at least
 * one connected; a round in which no canary had an agent says nothing and leaves the streak alone.
 * Only rounds against the current health count: failed ones in a row while HEALTHY, good ones in a
 * row while DEGRADED; a round that agrees with it starts that streak over.
 */
final class Streak {
    private final int degradeAfter;
    private final int recoverAfter;
    private boolean degraded;
    private int against;

    Streak(int degradeAfter, int recoverAfter) {
        this(degradeAfter, recoverAfter, false, 0);
    }

    /** A streak carried on from where another coordinator left it. */
    Streak(int degradeAfter, int recoverAfter, boolean degraded, int against) {
        this.degradeAfter = degradeAfter;
        this.recoverAfter = recoverAfter;
        this.degraded = degraded;
        this.against = against;
    }

    /**
     * @param connected canaries that connected this round
     * @param failed    canaries that failed this round (status 1)
     * @return the new health when this round changed it
     */
    Optional<Health> round(int connected, int failed) {
        boolean good = connected > 0;
        if (!good && failed == 0) {
            return Optional.empty();
        }
        if (good != degraded) {
            against = 0;
            return Optional.empty();
        }
        // '<', not '!=': a streak carried on from a coordinator with a higher threshold may be past this one's already
        if (++against < (degraded ? recoverAfter : degradeAfter)) {
            return Optional.empty();
        }
        degraded = !degraded;
        against = 0;
        return Optional.of(degraded ? Health.DEGRADED : Health.HEALTHY);
    }

    boolean degraded() {
        return degraded;
    }

    /** Rounds in a row against the current health so far (failed ones while HEALTHY, good ones while DEGRADED). */
    int against() {
        return against;
    }
}

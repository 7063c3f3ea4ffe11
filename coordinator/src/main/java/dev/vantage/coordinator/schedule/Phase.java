package dev.vantage.coordinator.schedule;

import java.time.Duration;

/**
 * Where in its interval a monitor runs. Derived from the monitor id alone, so that monitors
 * created together are spread over the interval and a restarted coordinator finds every
 * monitor on the same beat as before: it resumes with the next due time, no catch-up burst,
 * and needs no per-monitor schedule state in the store.
 */
public final class Phase {
    private Phase() {
    }

    /** The first due time strictly after {@code afterMillis}. */
    public static long nextDue(long monitorId, Duration interval, long afterMillis) {
        long period = interval.toMillis();
        long offset = Math.floorMod(mix(monitorId), period);
        long k = Math.floorDiv(afterMillis - offset, period) + 1;
        return k * period + offset;
    }

    /** A 64-bit finalizer (MurmurHash3 fmix64): consecutive ids land far apart. */
    static long mix(long x) {
        x ^= x >>> 33;
        x *= 0xff51afd7ed558ccdL;
        x ^= x >>> 33;
        x *= 0xc4ceb9fe1a85ec53L;
        x ^= x >>> 33;
        return x;
    }
}

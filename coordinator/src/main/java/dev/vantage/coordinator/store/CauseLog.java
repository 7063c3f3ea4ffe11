package dev.vantage.coordinator.store;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Lets a repeating failure through to the log once per cause per period, with how often it happened
 * since: a store that fails for every batch writes one line a minute, not one per batch. Not
 * thread-safe: one writer thread uses it.
 */
final class CauseLog {
    /** How a line is written: the cause and the failures counted since its previous line (this one included). */
    interface Line {
        void write(String cause, long count);
    }

    private static final class Seen {
        long count;
        long loggedAtNanos;
    }

    private final long periodNanos;
    private final LongSupplier nanoTime;
    private final Map<String, Seen> causes = new HashMap<>();

    CauseLog(Duration period, LongSupplier nanoTime) {
        this.periodNanos = period.toNanos();
        this.nanoTime = nanoTime;
    }

    static CauseLog perMinute() {
        return new CauseLog(Duration.ofMinutes(1), System::nanoTime);
    }

    /** Counts one failure; writes the line when the cause is new or its last line is a period old. */
    void failed(String cause, Line line) {
        long now = nanoTime.getAsLong();
        Seen seen = causes.get(cause);
        if (seen == null) {
            seen = new Seen();
            causes.put(cause, seen);
            seen.loggedAtNanos = now - periodNanos;
        }
        seen.count++;
        if (now - seen.loggedAtNanos >= periodNanos) {
            line.write(cause, seen.count);
            seen.count = 0;
            seen.loggedAtNanos = now;
        }
    }

    /** The failures are over: the next one is news again. */
    void clear() {
        causes.clear();
    }
}

package dev.vantage.common.time;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Lets a repeating failure through to the log once per cause per period, with how often it happened
 * since: a store that fails for every batch writes one line a minute, not one per batch or per result.
 * Thread-safe; a line is written under its lock, so keep it to the log call.
 */
public final class CauseLog {
    /** How a line is written: the cause and the failures counted since its previous line (this one included). */
    public interface Line {
        void write(String cause, long count);
    }

    private static final class Seen {
        long count;
        long loggedAtNanos;
    }

    private final long periodNanos;
    private final LongSupplier nanoTime;
    private final Map<String, Seen> causes = new HashMap<>();

    public CauseLog(Duration period, LongSupplier nanoTime) {
        this.periodNanos = period.toNanos();
        this.nanoTime = nanoTime;
    }

    public static CauseLog perMinute() {
        return new CauseLog(Duration.ofMinutes(1), System::nanoTime);
    }

    /** Counts one failure; writes the line when the cause is new or its last line is a period old. */
    public synchronized void failed(String cause, Line line) {
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
    public synchronized void clear() {
        causes.clear();
    }
}

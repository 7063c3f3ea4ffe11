package dev.vantage.coordinator.report;

import dev.vantage.coordinator.store.RollupPass;
import dev.vantage.coordinator.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the hourly rollups that reports read ({@link Store#rollUpResults}) up to date, on a thread of its
 * own so that a long pass (the first one over a month of results, or an hour of 250,000 monitors) never
 * holds up scheduling. Every minute it rolls up each hour that ended more than {@link #GRACE} ago, one
 * hour per call so that {@link #close()} waits for one hour at most; every hour it purges rollups older
 * than the retention.
 */
public final class RollupLoop implements AutoCloseable {
    /** Results of an hour may still arrive this long after it ended (rounds in flight); later ones are rolled up again. */
    public static final Duration GRACE = Duration.ofMinutes(5);
    private static final Duration EVERY = Duration.ofMinutes(1);
    private static final Duration PURGE_EVERY = Duration.ofHours(1);
    private static final Logger log = LoggerFactory.getLogger(RollupLoop.class);

    private final Store store;
    private final Clock clock;
    private final Duration retention;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "vantage-rollups");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closed;
    private volatile Instant rolledUpTo = Instant.EPOCH;
    private Instant nextPurge = Instant.MIN;
    private int failures;

    /** @param retention rollups of hours older than this are purged ({@code results.rollup_retention}) */
    public RollupLoop(Store store, Clock clock, Duration retention) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.retention = Objects.requireNonNull(retention, "retention");
    }

    public RollupLoop start() {
        executor.scheduleWithFixedDelay(this::pass, 0, EVERY.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    private void pass() {
        try {
            RollupPass pass = runOnce();
            if (pass.hours() > 1 || pass.rolledAgain() > 0) {
                log.info("results rolled up hours={} monitor_hours={} rolled_again={} rolled_up_to={} longest_write_ms={}",
                        pass.hours(), pass.monitorHours(), pass.rolledAgain(), pass.rolledUpTo(), pass.longestWrite().toMillis());
            }
            failures = 0;
        } catch (RuntimeException e) {
            failures++;
            // Once, then at 2, 4, 8... failures in a row: a store that is down says so without a line a minute.
            if (Integer.bitCount(failures) == 1) {
                log.warn("rolling up results failed failures_in_a_row={} error={}", failures, e.getMessage());
            }
        }
    }

    /**
     * One pass as the loop runs it every minute, on the caller's thread: rolls up every hour that ended more than
     * {@link #GRACE} ago, one at a time, then purges rollups past their retention if an hour passed since the last purge.
     * A started loop calls it on its own thread; call it only on a loop that was not started (a benchmark).
     *
     * @return what it rolled up, all hours together
     */
    public RollupPass runOnce() {
        RollupPass all = new RollupPass(0, 0, 0, rolledUpTo, Duration.ZERO);
        RollupPass pass;
        do {
            pass = store.rollUpResults(clock.instant().minus(GRACE), 1);
            all = all.then(pass);
            rolledUpTo = pass.rolledUpTo();
        } while (pass.hours() > 0 && !closed);
        Instant now = clock.instant();
        if (!now.isBefore(nextPurge)) {
            store.purgeRollupsBefore(now.minus(retention));
            nextPurge = now.plus(PURGE_EVERY);
        }
        return all;
    }

    /**
     * Every hour before this is rolled up ({@link Instant#EPOCH} until the first pass): results older than the
     * retention but after this are still to be rolled up, and must not be purged yet.
     */
    public Instant rolledUpTo() {
        return rolledUpTo;
    }

    /** Stops after the hour being rolled up, if any (it is written again by the next start otherwise). */
    @Override
    public void close() {
        closed = true;
        executor.shutdown();
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}

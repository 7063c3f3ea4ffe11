package dev.vantage.coordinator.leader;

import dev.vantage.common.validation.MonitorValidator;
import dev.vantage.coordinator.store.CoordinatorGap;
import dev.vantage.coordinator.store.CoordinatorLock;
import dev.vantage.coordinator.store.Store;
import dev.vantage.coordinator.store.StoreException;
import dev.vantage.coordinator.store.Tenure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This coordinator's tenure as the one active coordinator of its store, and the lease that keeps a
 * coordinator which may have lost its lock from running rounds beside the next one.
 *
 * <p>The rule: an active coordinator proves every {@value #PROVE_EVERY_MILLIS} ms that it still holds
 * the store lock; when its last proof is older than {@link #LEASE} (the database is unreachable, the lock's
 * session ended), or the store says another coordinator took a newer epoch, it steps down at once. A
 * coordinator that takes over a session-bound lock (PostgreSQL) waits {@link #LEASE} plus a margin before it
 * schedules anything: the previous one proved its lock at the latest when the lock passed on, so by then it
 * has stopped, measured on each one's own clock (no clock comparison between machines). Writes are fenced
 * on top of that by the store's epoch, so even a coordinator that stalled past its lease cannot store a result.
 *
 * <p>A planned stop ends the tenure with {@link #release}: recorded in the store, fenced like a takeover,
 * after the coordinator stopped dispatching and stored its results and before it lets go of the lock. Nothing of
 * that epoch can run or write after it, so the next coordinator has no lease to wait out and schedules at once.
 */
public final class Leadership implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Leadership.class);
    static final Duration LEASE = Duration.ofSeconds(2);
    static final Duration MARGIN = Duration.ofSeconds(1);
    static final long PROVE_EVERY_MILLIS = 500;
    static final long WATCH_EVERY_MILLIS = 100;

    private final Store store;
    private final CoordinatorLock lock;
    private final Clock clock;
    private final Tenure tenure;
    private final Instant activeAt;
    private final Runnable onLost;
    private final AtomicBoolean lost = new AtomicBoolean();
    private final ScheduledExecutorService exec = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "vantage-leadership");
        t.setDaemon(true);
        return t;
    });
    private volatile long lastProofNanos;

    private Leadership(Store store, CoordinatorLock lock, Clock clock, Tenure tenure, Instant activeAt, Runnable onLost) {
        this.store = store;
        this.lock = lock;
        this.clock = clock;
        this.tenure = tenure;
        this.activeAt = activeAt;
        this.onLost = onLost;
    }

    /**
     * Becomes the active coordinator of {@code store} (whose {@code lock} the caller holds): takes the next
     * epoch, waits out the previous coordinator's lease where it may still be running, records the gap since
     * the store last had an active coordinator when it is longer than the shortest monitor interval, and
     * starts proving the lock.
     *
     * @param onLost called once, from a thread of its own, when this coordinator must stop (the reason is logged here)
     */
    public static Leadership takeOver(Store store, CoordinatorLock lock, String holder, Clock clock, Runnable onLost)
            throws InterruptedException {
        Leadership[] self = new Leadership[1];
        Tenure tenure = store.takeOver(holder, clock.instant(), () -> {
            if (self[0] != null) {
                self[0].lose("another coordinator took over the store");
            }
        });
        long previous = tenure.epoch() - 1;
        if (tenure.previousReleased()) {
            log.info("previous coordinator released epoch {} cleanly: taking over without waiting out its lease", previous);
        } else if (tenure.previousAliveAt().isPresent() && lock.sessionBound()) {
            log.warn("previous coordinator did not release epoch {} (it crashed or lost its store session): waiting {} ms for its"
                    + " lease to run out", previous, LEASE.plus(MARGIN).toMillis());
            TimeUnit.MILLISECONDS.sleep(LEASE.plus(MARGIN).toMillis());
        }
        Instant activeAt = clock.instant();
        Leadership leadership = new Leadership(store, lock, clock, tenure, activeAt, onLost);
        self[0] = leadership;
        leadership.lastProofNanos = System.nanoTime();
        leadership.gap().filter(g -> g.countsFor(MonitorValidator.MIN_INTERVAL)).ifPresent(g -> {
            store.recordGap(g);
            log.warn("coordinator unavailable: no active coordinator from {} to {} ({} s); recorded as a gap", g.from(), g.to(),
                    g.length().toSeconds());
        });
        log.info("active coordinator epoch={} holder=\"{}\" lock=\"{}\"", tenure.epoch(), holder, lock.describe());
        leadership.exec.scheduleWithFixedDelay(leadership::prove, PROVE_EVERY_MILLIS, PROVE_EVERY_MILLIS, TimeUnit.MILLISECONDS);
        leadership.exec.scheduleWithFixedDelay(leadership::watch, WATCH_EVERY_MILLIS, WATCH_EVERY_MILLIS, TimeUnit.MILLISECONDS);
        return leadership;
    }

    /** The fencing epoch of this tenure. */
    public long epoch() {
        return tenure.epoch();
    }

    /** Whether the previous coordinator released its epoch cleanly: it stopped scheduling when its last sign of life says. */
    public boolean previousReleased() {
        return tenure.previousReleased();
    }

    /** The period before this tenure with no active coordinator; empty on a store that never had one. */
    public Optional<CoordinatorGap> gap() {
        return tenure.previousAliveAt().filter(from -> from.isBefore(activeAt)).map(from -> new CoordinatorGap(from, activeAt));
    }

    private void prove() {
        long started = System.nanoTime();
        if (!lock.isHeld()) {
            lose("lost the store lock (" + lock.describe() + ")");
            return;
        }
        lastProofNanos = started;
        try {
            store.stillActive(clock.instant());
        } catch (StoreException e) {
            // The lock is ours, so no other coordinator can be active; the result writer reports the store failing.
            log.debug("cannot record that the coordinator is alive: {}", e.getMessage());
        }
    }

    private void watch() {
        if (System.nanoTime() - lastProofNanos > LEASE.toNanos()) {
            lose("could not confirm the store lock for " + LEASE.toSeconds() + " s (" + lock.describe() + ")");
        }
    }

    /**
     * Ends this tenure cleanly; call it last, once this coordinator has stopped scheduling and dispatching and
     * stored its results, and before it releases the lock. Stops proving the lock, then records the release
     * (no write of this epoch succeeds after it). When it cannot be recorded (the store fails, or the tenure was
     * lost meanwhile) the next coordinator waits out the lease as after a crash.
     *
     * @param lastActive when this coordinator stopped handing out rounds: the next one catches up from there
     */
    public void release(Instant lastActive) {
        exec.shutdownNow();
        try {
            exec.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (lost.get()) {
            return;
        }
        try {
            if (store.release(lastActive, clock.instant())) {
                log.info("released the store: epoch {} ended cleanly; a standby takes over without waiting out the lease", tenure.epoch());
            } else {
                log.warn("could not release epoch {}: another coordinator took over the store meanwhile", tenure.epoch());
            }
        } catch (StoreException e) {
            log.warn("could not record the release of epoch {} ({}); the next coordinator waits out the lease", tenure.epoch(),
                    e.getMessage());
        }
    }

    private void lose(String reason) {
        if (lost.compareAndSet(false, true)) {
            log.error("stepping down so that only one coordinator is active: {} epoch={}", reason, tenure.epoch());
            try {
                exec.execute(onLost);
            } catch (RejectedExecutionException e) {
                // closed: this coordinator is stopping anyway
            }
        }
    }

    @Override
    public void close() {
        exec.shutdownNow();
    }
}

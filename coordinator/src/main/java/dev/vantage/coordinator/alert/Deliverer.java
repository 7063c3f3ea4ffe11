package dev.vantage.coordinator.alert;

import dev.vantage.common.time.Backoff;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends what waits in the {@link Outbox}, one thread per channel.
 *
 * <p>Guarantees, given an outbox that keeps its contract:
 * <ul>
 *   <li>no loss: a delivery leaves the outbox only when its channel acknowledged it; failures are
 *       retried forever with exponential backoff and jitter ({@link Backoff}, by default 1s doubling
 *       to 5m), and what was not acknowledged before a restart is sent after it;</li>
 *   <li>order per (channel, monitor): only the oldest unacknowledged alert of a monitor is ever sent,
 *       so a failing alert holds back later alerts of the same monitor on that channel, but not other
 *       monitors' alerts nor other channels;</li>
 *   <li>duplicates only where unavoidable (a receiver that acknowledged but whose answer was lost, or a
 *       crash between send and acknowledge), always with the same {@link Alert#idempotencyKey()}. A delivery
 *       the receiver accepted but whose acknowledgement the outbox could not record (store failing) is not
 *       sent again: its thread keeps trying to record it instead;</li>
 *   <li>never faster than the backoff: a failing outbox pauses the channel's thread with the same
 *       {@link Backoff}, counted in failures of the outbox one after another.</li>
 * </ul>
 * A channel's thread sleeps until the earliest retry is due, until {@link #wake()} (or
 * {@link #enqueue}) says new alerts are there, and at most {@code poll} in any case, so alerts that
 * another process wrote to a shared outbox are found too. Channels are called from their own thread
 * only, so a slow receiver delays only its own channel.
 */
public final class Deliverer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Deliverer.class);
    /** How many monitors' head alerts one outbox read fetches. */
    static final int BATCH = 100;
    /** How long {@link #close()} lets a send in progress finish before interrupting it. */
    static final Duration CLOSE_GRACE = Duration.ofSeconds(5);

    private final Outbox outbox;
    private final Backoff backoff;
    private final Clock clock;
    private final Duration poll;
    private final Map<String, Worker> workers = new LinkedHashMap<>();
    private volatile boolean closed;

    /**
     * @param poll the longest a channel's thread sleeps without looking at the outbox, e.g. 1s
     */
    public Deliverer(Outbox outbox, Collection<? extends Channel> channels, Backoff backoff, Clock clock, Duration poll) {
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.poll = Objects.requireNonNull(poll, "poll");
        if (poll.isNegative() || poll.isZero()) {
            throw new IllegalArgumentException("poll must be positive, got " + poll);
        }
        for (Channel c : channels) {
            if (workers.put(c.name(), new Worker(c)) != null) {
                throw new IllegalArgumentException("two channels are named " + c.name());
            }
        }
    }

    /** Defaults: {@link Backoff#DEFAULT} and a look at the outbox at least every second. */
    public Deliverer(Outbox outbox, Collection<? extends Channel> channels, Clock clock) {
        this(outbox, channels, Backoff.DEFAULT, clock, Duration.ofSeconds(1));
    }

    /** Starts one thread per channel; each first sends whatever the outbox still holds. */
    public Deliverer start() {
        if (closed) {
            throw new IllegalStateException("deliverer is closed");
        }
        for (Worker w : workers.values()) {
            w.thread.start();
        }
        return this;
    }

    /**
     * Delivery attempts since start-up per channel and result: {@code delivered}, {@code failed} (to be
     * retried) and {@code refused} (the receiver said the alert is wrong; retried at the longest backoff).
     */
    public Map<String, Map<String, Long>> attempts() {
        Map<String, Map<String, Long>> out = new LinkedHashMap<>();
        workers.forEach((name, w) -> out.put(name, Map.of("delivered", w.delivered.sum(), "failed", w.failed.sum(),
                "refused", w.refused.sum())));
        return out;
    }

    /** The names of the channels this deliverer sends to. */
    public List<String> channels() {
        return List.copyOf(workers.keySet());
    }

    /**
     * Writes {@code alert} to the outbox for {@code channelNames} and wakes their threads.
     *
     * @return the deliveries, one per channel
     * @throws IllegalArgumentException naming a channel this deliverer does not have (nothing written)
     */
    public List<Delivery> enqueue(Alert alert, Collection<String> channelNames) {
        for (String name : channelNames) {
            if (!workers.containsKey(name)) {
                throw new IllegalArgumentException("no channel named '" + name + "'; channels are " + workers.keySet());
            }
        }
        List<Delivery> written = outbox.enqueue(alert, channelNames);
        for (String name : channelNames) {
            workers.get(name).wake();
        }
        return written;
    }

    /** New alerts were written to the outbox by someone else: look now rather than at the next poll. */
    public void wake() {
        for (Worker w : workers.values()) {
            w.wake();
        }
    }

    /**
     * Stops every channel's thread: a send in progress gets {@link #CLOSE_GRACE} to finish (so an alert the
     * receiver accepted is also acknowledged in the outbox), then it is interrupted. Whatever is not
     * acknowledged stays in the outbox for the next start.
     */
    @Override
    public void close() {
        closed = true;
        for (Worker w : workers.values()) {
            w.wake();
        }
        try {
            for (Worker w : workers.values()) {
                w.thread.join(CLOSE_GRACE.toMillis());
            }
            for (Worker w : workers.values()) {
                if (w.thread.isAlive()) {
                    w.thread.interrupt();
                    w.thread.join(CLOSE_GRACE.toMillis());
                    if (w.thread.isAlive()) {
                        log.warn("alert channel thread did not stop thread={}", w.thread.getName());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The loop of one channel. */
    private final class Worker implements Runnable {
        private final Channel channel;
        private final Thread thread;
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition woken = lock.newCondition();
        private boolean wakeRequested;
        private final LongAdder delivered = new LongAdder();
        private final LongAdder failed = new LongAdder();
        private final LongAdder refused = new LongAdder();
        /** Deliveries the receiver accepted whose acknowledgement the outbox has not recorded yet (this thread only). */
        private final Set<Long> unrecorded = new HashSet<>();
        /** Outbox failures one after another (this thread only). */
        private int outboxFailures;

        Worker(Channel channel) {
            this.channel = channel;
            this.thread = new Thread(this, "vantage-alert-" + channel.name());
            this.thread.setDaemon(true);
        }

        void wake() {
            lock.lock();
            try {
                wakeRequested = true;
                woken.signalAll();
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void run() {
            log.info("alert channel started channel={}", channel.name());
            try {
                while (!closed) {
                    Instant wakeAt;
                    try {
                        wakeAt = sendDue();
                        outboxFailures = 0;
                    } catch (RuntimeException e) {
                        Duration pause = backoff.after(++outboxFailures);
                        // One line per failure of the outbox, which the backoff spaces out; the stack trace only the first time.
                        if (outboxFailures == 1) {
                            log.error("alert outbox failed; trying again in {}ms channel={} unrecorded_acknowledgements={}", pause.toMillis(),
                                    channel.name(), unrecorded.size(), e);
                        } else {
                            log.error("alert outbox still failing; trying again in {}ms channel={} failures={} unrecorded_acknowledgements={} "
                                    + "error={}", pause.toMillis(), channel.name(), outboxFailures, unrecorded.size(), e.toString());
                        }
                        wakeAt = clock.instant().plus(pause);
                    }
                    sleepUntil(wakeAt);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            log.info("alert channel stopped channel={}", channel.name());
        }

        /** Sends every due head until none is left; returns when the next one falls due, or null. */
        private Instant sendDue() {
            while (!closed) {
                clearWake();
                List<Delivery> heads = outbox.heads(channel.name(), BATCH);
                Instant now = clock.instant();
                Instant next = null;
                boolean sent = false;
                for (Delivery d : heads) {
                    if (closed) {
                        return null;
                    }
                    if (unrecorded.contains(d.id())) {
                        record(d);
                        sent = true;
                    } else if (!d.nextAttemptAt().isAfter(now)) {
                        attempt(d);
                        sent = true;
                    } else if (next == null || d.nextAttemptAt().isBefore(next)) {
                        next = d.nextAttemptAt();
                    }
                }
                if (!sent) {
                    return next;
                }
            }
            return null;
        }

        private void attempt(Delivery d) {
            Alert a = d.alert();
            try {
                channel.deliver(a);
            } catch (DeliveryException e) {
                failed(d, e.getMessage(), e.retryable(), e.retryAfter().orElse(Duration.ZERO), e);
                return;
            } catch (RuntimeException e) {
                failed(d, "channel error: " + e, true, Duration.ZERO, e);
                return;
            }
            delivered.increment();
            log.info("alert delivered channel={} delivery={} monitor={} incident={} kind={} sequence={} attempts={}",
                    channel.name(), d.id(), a.monitorId(), a.incidentId(), a.kind().label(), a.sequence(), d.attempts() + 1);
            unrecorded.add(d.id());
            record(d);
        }

        /** Writes the receiver's acknowledgement to the outbox; a failure keeps it to be written later, not sent again. */
        private void record(Delivery d) {
            outbox.acknowledge(d.id());
            unrecorded.remove(d.id());
        }

        private void failed(Delivery d, String error, boolean retryable, Duration retryAfter, Exception e) {
            Alert a = d.alert();
            int failures = d.attempts() + 1;
            Duration wait = retryable ? backoff.after(failures) : backoff.max();
            if (retryAfter.compareTo(wait) > 0) {
                wait = retryAfter.compareTo(backoff.max()) < 0 ? retryAfter : backoff.max();
            }
            Instant next = clock.instant().plus(wait);
            outbox.recordFailure(d.id(), error == null ? e.toString() : error, next);
            (retryable ? failed : refused).increment();
            if (retryable) {
                log.warn("alert not delivered; retrying in {}ms channel={} delivery={} monitor={} incident={} kind={} attempt={} error={}",
                        wait.toMillis(), channel.name(), d.id(), a.monitorId(), a.incidentId(), a.kind().label(), failures, error);
            } else {
                log.error("alert refused by receiver; retrying in {}ms, later alerts of this monitor wait behind it "
                                + "channel={} delivery={} monitor={} incident={} kind={} attempt={} error={}",
                        wait.toMillis(), channel.name(), d.id(), a.monitorId(), a.incidentId(), a.kind().label(), failures, error);
            }
        }

        private void clearWake() {
            lock.lock();
            try {
                wakeRequested = false;
            } finally {
                lock.unlock();
            }
        }

        private void sleepUntil(Instant wakeAt) throws InterruptedException {
            long waitNanos = poll.toNanos();
            if (wakeAt != null) {
                waitNanos = Math.min(waitNanos, Math.max(0, Duration.between(clock.instant(), wakeAt).toNanos()));
            }
            lock.lock();
            try {
                while (!wakeRequested && !closed && waitNanos > 0) {
                    waitNanos = woken.awaitNanos(waitNanos);
                }
            } finally {
                lock.unlock();
            }
        }
    }
}

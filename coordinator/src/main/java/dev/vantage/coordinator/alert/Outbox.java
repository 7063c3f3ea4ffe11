package dev.vantage.coordinator.alert;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * Durable alerts waiting to be delivered: an alert is written here before any channel sees it, and
 * stays until that channel acknowledged it, across coordinator restarts. Implementations are
 * thread-safe. The store's JDBC tables implement it; nothing here knows about SQL.
 *
 * <p>Contract the {@link Deliverer} relies on:
 * <ul>
 *   <li>{@link #enqueue} writes one delivery per channel, atomically, numbering the alert with that
 *       channel's next sequence (1, 2, … without gaps, never reused);</li>
 *   <li>{@link #heads} only ever offers the <em>oldest</em> unacknowledged delivery of each monitor
 *       on the channel, so a later alert of a monitor cannot overtake an earlier one;</li>
 *   <li>nothing leaves the outbox except by {@link #acknowledge}.</li>
 * </ul>
 */
public interface Outbox {
    /**
     * Writes {@code alert} for each of {@code channels}.
     *
     * @return the new deliveries, one per channel, in the order of {@code channels}
     */
    List<Delivery> enqueue(Alert alert, Collection<String> channels);

    /**
     * For each monitor with unacknowledged deliveries on {@code channel}, its oldest one (lowest
     * sequence), whether or not it is due yet; ordered by next attempt time, then sequence; at most
     * {@code max} of them.
     */
    List<Delivery> heads(String channel, int max);

    /** The channel acknowledged the delivery: it is done and will never be offered again. */
    void acknowledge(long deliveryId);

    /** A send failed: count the attempt, keep the error, and offer the delivery again at {@code nextAttemptAt}. */
    void recordFailure(long deliveryId, String error, Instant nextAttemptAt);
}

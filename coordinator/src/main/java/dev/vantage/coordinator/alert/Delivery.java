package dev.vantage.coordinator.alert;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One alert waiting in the outbox for one channel.
 *
 * @param id            the outbox row's id, unique across channels
 * @param channel       the channel's name
 * @param alert         the alert, numbered for this channel ({@link Alert#sequence()} ≥ 1)
 * @param attempts      how many sends failed so far
 * @param nextAttemptAt not to be sent before this; the enqueue time until the first failure
 * @param lastError     why the last send failed, if one did
 */
public record Delivery(long id, String channel, Alert alert, int attempts, Instant nextAttemptAt, Optional<String> lastError) {
    public Delivery {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(alert, "alert");
        Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
        Objects.requireNonNull(lastError, "lastError");
        if (alert.sequence() < 1) {
            throw new IllegalArgumentException("delivery " + id + " holds an alert without a sequence number");
        }
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts " + attempts + " is negative");
        }
    }

    public long monitorId() {
        return alert.monitorId();
    }
}

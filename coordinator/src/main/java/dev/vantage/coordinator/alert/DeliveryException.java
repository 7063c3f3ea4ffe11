package dev.vantage.coordinator.alert;

import java.time.Duration;
import java.util.Optional;

/**
 * A channel could not deliver an alert. Nothing is ever dropped because of it: the alert stays in the
 * outbox and is tried again. {@link #retryable()} only says how soon:
 * <ul>
 *   <li>retryable (network errors, timeouts, any non-2xx answer but 410, SMTP errors): with the
 *       usual exponential backoff, no sooner than {@link #retryAfter()} when the receiver asked;</li>
 *   <li>permanent (the receiver said it will never accept, e.g. HTTP 410 Gone): straight away at the
 *       longest backoff, logged as an error, so an operator can fix the receiver or the configuration
 *       while later alerts of that monitor wait behind it in order.</li>
 * </ul>
 */
public class DeliveryException extends Exception {
    private final boolean retryable;
    private final transient Optional<Duration> retryAfter;

    public DeliveryException(String message, boolean retryable, Optional<Duration> retryAfter, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
        this.retryAfter = retryAfter == null ? Optional.empty() : retryAfter;
    }

    public static DeliveryException retryable(String message, Throwable cause) {
        return new DeliveryException(message, true, Optional.empty(), cause);
    }

    public static DeliveryException retryable(String message) {
        return new DeliveryException(message, true, Optional.empty(), null);
    }

    public static DeliveryException permanent(String message) {
        return new DeliveryException(message, false, Optional.empty(), null);
    }

    /** Whether trying again soon may help. */
    public boolean retryable() {
        return retryable;
    }

    /** How long the receiver asked us to wait (HTTP {@code Retry-After}), if it did. */
    public Optional<Duration> retryAfter() {
        return retryAfter == null ? Optional.empty() : retryAfter;
    }
}

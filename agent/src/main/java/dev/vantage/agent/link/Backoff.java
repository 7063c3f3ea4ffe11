package dev.vantage.agent.link;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter: the n-th wait is drawn from [d/2, d] where d starts at
 * {@code initial} and doubles up to {@code max}. Jitter keeps a fleet of agents from coming back
 * in step after a coordinator restart. {@link #reset()} after a successful Welcome.
 */
final class Backoff {
    private final long initialNanos;
    private final long maxNanos;
    private final DoubleSupplier random;
    private long nextNanos;

    Backoff(Duration initial, Duration max, DoubleSupplier random) {
        this.initialNanos = initial.toNanos();
        this.maxNanos = max.toNanos();
        this.random = random;
        this.nextNanos = initialNanos;
    }

    Duration next() {
        long d = nextNanos;
        nextNanos = Math.min(maxNanos, d * 2);
        return Duration.ofNanos(d / 2 + (long) (random.getAsDouble() * (d - d / 2)));
    }

    void reset() {
        nextNanos = initialNanos;
    }
}

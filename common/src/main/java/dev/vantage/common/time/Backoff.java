package dev.vantage.common.time;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter: after failure {@code n} (from 1) wait
 * {@code min(max, initial·2^(n-1))}, less up to {@code jitter} of it at random, so many failing
 * peers do not retry in lockstep. Used by alert deliveries (coordinator) and by agents
 * reconnecting to their coordinator. Immutable: callers count their own failures.
 *
 * @param initial the wait after the first failure, e.g. 1s
 * @param max     the longest wait, e.g. 5m; also the wait after a permanent failure
 * @param jitter  0 (none) to 1 (anything from 0 to the full wait)
 */
public record Backoff(Duration initial, Duration max, double jitter, DoubleSupplier random) {
    public static final Backoff DEFAULT = of(Duration.ofSeconds(1), Duration.ofMinutes(5));

    public Backoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        Objects.requireNonNull(random, "random");
        if (initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException("initial backoff must be positive, got " + initial);
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("max backoff " + max + " is shorter than initial " + initial);
        }
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("jitter must be within 0..1, got " + jitter);
        }
    }

    /** 20% jitter from a thread-local random source. */
    public static Backoff of(Duration initial, Duration max) {
        return of(initial, max, 0.2);
    }

    /** {@code jitter} (0..1) from a thread-local random source. */
    public static Backoff of(Duration initial, Duration max, double jitter) {
        return new Backoff(initial, max, jitter, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** The wait after failure number {@code failures} (1 for the first). */
    public Duration after(int failures) {
        long initialMs = initial.toMillis();
        long maxMs = max.toMillis();
        int shift = Math.min(Math.max(failures, 1) - 1, 40);
        long base = initialMs > (maxMs >> shift) ? maxMs : Math.min(maxMs, initialMs << shift);
        long cut = (long) (base * jitter * random.getAsDouble());
        return Duration.ofMillis(Math.max(1, base - cut));
    }
}

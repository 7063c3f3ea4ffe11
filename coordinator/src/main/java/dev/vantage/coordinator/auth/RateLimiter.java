package dev.vantage.coordinator.auth;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/** A token bucket per key (a token's name): {@code perSecond} calls a second on average, up to {@code burst} at once. */
final class RateLimiter {
    private final int perSecond;
    private final int burst;
    private final LongSupplier nanoTime;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    RateLimiter(int perSecond, int burst, LongSupplier nanoTime) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.nanoTime = nanoTime;
    }

    int perSecond() {
        return perSecond;
    }

    /** Takes one call's worth from the key's bucket; false when it is empty. */
    boolean tryAcquire(String key) {
        return buckets.computeIfAbsent(key, k -> new Bucket(burst, nanoTime.getAsLong())).take(nanoTime.getAsLong());
    }

    private final class Bucket {
        private double available;
        private long refilledAt;

        Bucket(double available, long now) {
            this.available = available;
            this.refilledAt = now;
        }

        synchronized boolean take(long now) {
            available = Math.min(burst, available + (now - refilledAt) * perSecond / 1e9);
            refilledAt = now;
            if (available < 1) {
                return false;
            }
            available--;
            return true;
        }
    }
}

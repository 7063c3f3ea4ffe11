package dev.vantage.coordinator.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    private final AtomicLong nanos = new AtomicLong(1_000);
    private final RateLimiter limiter = new RateLimiter(10, 3, nanos::get);

    @Test
    void allowsTheBurstThenRefillsAtTheRate() {
        assertThat(limiter.tryAcquire("ci")).isTrue();
        assertThat(limiter.tryAcquire("ci")).isTrue();
        assertThat(limiter.tryAcquire("ci")).isTrue();
        assertThat(limiter.tryAcquire("ci")).isFalse();

        nanos.addAndGet(100_000_000); // 0.1 s at 10/s: one call
        assertThat(limiter.tryAcquire("ci")).isTrue();
        assertThat(limiter.tryAcquire("ci")).isFalse();

        nanos.addAndGet(60_000_000_000L); // a long pause refills up to the burst, no more
        assertThat(limiter.tryAcquire("ci")).isTrue();
        assertThat(limiter.tryAcquire("ci")).isTrue();
        assertThat(limiter.tryAcquire("ci")).isTrue();
        assertThat(limiter.tryAcquire("ci")).isFalse();
    }

    @Test
    void eachTokenHasItsOwnBucket() {
        for (int i = 0; i < 3; i++) {
            limiter.tryAcquire("busy");
        }
        assertThat(limiter.tryAcquire("busy")).isFalse();
        assertThat(limiter.tryAcquire("quiet")).isTrue();
    }
}

package dev.vantage.common.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A failure repeating on every batch writes one line per cause a minute, with the count since the last line. */
class CauseLogTest {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final CauseLog log = new CauseLog(Duration.ofMinutes(1), nanos::get);
    private final List<String> lines = new ArrayList<>();

    private void fail(String cause, int times, Duration apart) {
        for (int i = 0; i < times; i++) {
            log.failed(cause, (c, count) -> lines.add(c + " x" + count));
            nanos.addAndGet(apart.toNanos());
        }
    }

    @Test
    void eachCauseIsLoggedAtOnceThenOnceAMinuteWithItsCount() {
        fail("disk full", 120, Duration.ofSeconds(1));
        fail("read-only", 1, Duration.ofSeconds(1));

        // at 0 s (the first), at 60 s (the 60 since), and the 59 after it wait for their minute
        assertThat(lines).containsExactly("disk full x1", "disk full x60", "read-only x1");
    }

    @Test
    void afterTheFailuresEndTheNextOneIsNewsAgain() {
        fail("connection refused", 2, Duration.ofSeconds(1));
        log.clear();
        fail("connection refused", 1, Duration.ofSeconds(1));

        assertThat(lines).containsExactly("connection refused x1", "connection refused x1");
    }
}

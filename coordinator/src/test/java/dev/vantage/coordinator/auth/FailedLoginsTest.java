package dev.vantage.coordinator.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FailedLoginsTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final FailedLogins failed = new FailedLogins(now::get);

    @Test
    void aPeerIsLoggedOnceAMinuteWithHowManyAttemptsItMade() {
        assertThat(failed.refused("10.0.0.7")).isEqualTo(OptionalLong.of(1));
        for (int i = 0; i < 41; i++) {
            now.addAndGet(1000);
            assertThat(failed.refused("10.0.0.7")).isEmpty();
        }
        now.addAndGet(FailedLogins.WINDOW_MILLIS - 41_000);
        assertThat(failed.refused("10.0.0.7")).isEqualTo(OptionalLong.of(42));
    }

    @Test
    void peersAreCountedApart() {
        assertThat(failed.refused("10.0.0.7")).isEqualTo(OptionalLong.of(1));
        assertThat(failed.refused("10.0.0.8")).isEqualTo(OptionalLong.of(1));
        assertThat(failed.refused("10.0.0.7")).isEmpty();
    }
}

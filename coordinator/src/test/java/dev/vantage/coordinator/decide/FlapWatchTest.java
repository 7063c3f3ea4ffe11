package dev.vantage.coordinator.decide;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vantage.common.model.SignalRules;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FlapWatchTest {
    private static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");
    /** More than 4 changes in 10m flap; 2 or fewer settle. */
    private static final SignalRules RULES = new SignalRules(3, false, Optional.empty(), 1, false, 4, Duration.ofMinutes(10));

    @Test
    void theFifthChangeWithinTheWindowStartsFlapping() {
        FlapWatch f = FlapWatch.initial();
        for (int i = 0; i < 4; i++) {
            f = f.next(true, T0.plusSeconds(30L * i), RULES);
            assertThat(f.flapping()).as("change %d", i + 1).isFalse();
        }
        f = f.next(true, T0.plusSeconds(120), RULES);
        assertThat(f.flappingSince()).contains(T0.plusSeconds(120));
    }

    @Test
    void changesSpreadWiderThanTheWindowNeverFlap() {
        FlapWatch f = FlapWatch.initial();
        for (int i = 0; i < 20; i++) {
            f = f.next(true, T0.plus(Duration.ofMinutes(3L * i)), RULES);
            assertThat(f.flapping()).isFalse();
        }
        assertThat(f.changes()).hasSize(4);
    }

    @Test
    void itSettlesOnlyOnceTheWindowHoldsHalfTheThresholdOrFewer() {
        FlapWatch f = FlapWatch.initial();
        for (int i = 0; i < 5; i++) {
            f = f.next(true, T0.plusSeconds(30L * i), RULES);   // changes at 0s..120s
        }
        assertThat(f.flapping()).isTrue();
        f = f.next(false, T0.plus(Duration.ofMinutes(10)).plusSeconds(31), RULES);   // 0s and 30s aged out: 3 left
        assertThat(f.flapping()).isTrue();
        f = f.next(false, T0.plus(Duration.ofMinutes(10)).plusSeconds(61), RULES);   // 60s aged out: 2 left
        assertThat(f.flapping()).isFalse();
    }

    @Test
    void offRemembersNothing() {
        SignalRules off = SignalRules.defaults();
        FlapWatch f = FlapWatch.initial();
        for (int i = 0; i < 10; i++) {
            f = f.next(true, T0.plusSeconds(i), off);
        }
        assertThat(f).isEqualTo(FlapWatch.initial());
    }
}

package dev.vantage.coordinator.decide;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vantage.common.model.FailureReason;
import dev.vantage.common.model.SignalRules;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SignalWatchTest {
    private static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");
    private static final SignalRules RULES = SignalRules.defaults();
    private static final SignalRules SLOW_RULES = new SignalRules(3, false, Optional.of(Duration.ofMillis(200)), 2, false, 0,
            SignalRules.DEFAULT_FLAP_WINDOW);

    private static Instant at(int round) {
        return T0.plusSeconds(60L * round);
    }

    /** One of three failing, not counted (a WARNING round), the others connected. */
    private static RoundVerdict warning(int round, String failing, List<String> connected) {
        return RoundVerdict.warning(at(round), List.of(new LocationFailure(failing, FailureReason.REFUSED, at(round))))
                .withConnected(connected, List.of());
    }

    @Test
    void aLocationFailingThreeRoundsInARowIsRegionalWithWhenItBeganFailing() {
        SignalWatch w = SignalWatch.initial();
        for (int round = 0; round < 2; round++) {
            w = w.next(warning(round, "nyc", List.of("ams", "fra")));
            assertThat(w.regional(RULES)).as("round %d", round + 1).isEmpty();
        }
        w = w.next(warning(2, "nyc", List.of("ams", "fra")));
        assertThat(w.regional(RULES)).containsExactly(new LocationFailure("nyc", FailureReason.REFUSED, at(0)));
    }

    @Test
    void aRoundWhereTheLocationConnectsEndsItsStreakAndOneWhereItDoesNotAnswerKeepsIt() {
        SignalWatch w = SignalWatch.initial().next(warning(0, "nyc", List.of("ams")));
        w = w.next(warning(1, "nyc", List.of("ams")));
        w = w.next(RoundVerdict.ok(at(2)).withConnected(List.of("ams"), List.of()));   // round-robin: nyc not in turn
        w = w.next(warning(3, "nyc", List.of("ams")));
        assertThat(w.regional(RULES)).extracting(LocationFailure::location).containsExactly("nyc");

        w = w.next(RoundVerdict.ok(at(4)).withConnected(List.of("ams", "nyc"), List.of()));
        assertThat(w.regional(RULES)).isEmpty();
        assertThat(w.failing()).isEmpty();
    }

    @Test
    void countedFailuresExtendTheStreakToo() {
        LocationFailure nyc = new LocationFailure("nyc", FailureReason.TIMED_OUT, at(1));
        SignalWatch w = SignalWatch.initial().next(warning(0, "nyc", List.of("ams")));
        w = w.next(RoundVerdict.error(at(1), List.of(nyc)).withConnected(List.of(), List.of()));
        w = w.next(warning(2, "nyc", List.of("ams")));
        assertThat(w.regional(RULES)).containsExactly(new LocationFailure("nyc", FailureReason.REFUSED, at(0)));
    }

    @Test
    void regionalAfterZeroTurnsRegionalOff() {
        SignalRules off = new SignalRules(0, false, Optional.empty(), 1, false, 0, SignalRules.DEFAULT_FLAP_WINDOW);
        SignalWatch w = SignalWatch.initial();
        for (int round = 0; round < 5; round++) {
            w = w.next(warning(round, "nyc", List.of("ams")));
        }
        assertThat(w.regional(off)).isEmpty();
    }

    @Test
    void aSlowLocationIsListedAfterWarnAfterRoundsInARowAndClearsWhenItConnectsInTime() {
        SlowConnect slow0 = new SlowConnect("ams", Duration.ofMillis(450), at(0));
        SlowConnect slow1 = new SlowConnect("ams", Duration.ofMillis(380), at(1));
        SignalWatch w = SignalWatch.initial().next(RoundVerdict.ok(at(0)).withConnected(List.of("ams", "fra"), List.of(slow0)));
        assertThat(w.slow(SLOW_RULES)).isEmpty();
        w = w.next(RoundVerdict.ok(at(1)).withConnected(List.of("ams", "fra"), List.of(slow1)));
        assertThat(w.slow(SLOW_RULES)).containsExactly(slow1);
        assertThat(w.since(List.of("ams"), true)).contains(at(0));

        w = w.next(RoundVerdict.ok(at(2)).withConnected(List.of("ams", "fra"), List.of()));
        assertThat(w.slow(SLOW_RULES)).isEmpty();
    }

    @Test
    void slowIsNeverListedWithoutAWarnConnectTime() {
        SlowConnect slow = new SlowConnect("ams", Duration.ofSeconds(3), at(0));
        SignalWatch w = SignalWatch.initial().next(RoundVerdict.ok(at(0)).withConnected(List.of("ams"), List.of(slow)));
        assertThat(w.slow(RULES)).isEmpty();
    }
}

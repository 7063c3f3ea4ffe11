package dev.vantage.coordinator.decide;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vantage.common.model.AlertPolicy;
import dev.vantage.common.model.FailureReason;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryPaceTest {
    private static final Instant DUE = Instant.parse("2026-11-30T10:00:00Z");
    private static final AlertPolicy RETRY_15S = AlertPolicy.defaults().withRetryInterval(Optional.of(Duration.ofSeconds(15)));
    private static final RoundVerdict ERROR = RoundVerdict.error(DUE, List.of(new LocationFailure("ams", FailureReason.REFUSED, DUE)));
    private static final RoundVerdict WARNING = RoundVerdict.warning(DUE, List.of(new LocationFailure("ams", FailureReason.REFUSED, DUE)));

    @Test
    void aFailedRoundWithoutIncidentBringsTheNextRoundForwardByTheRetryInterval() {
        assertThat(RetryPace.after(RETRY_15S, ERROR, false, 0)).isEqualTo(new RetryPace.Pace(Optional.of(DUE.plusSeconds(15)), 1));
        assertThat(RetryPace.after(RETRY_15S, WARNING, false, 3)).isEqualTo(new RetryPace.Pace(Optional.of(DUE.plusSeconds(15)), 4));
    }

    @Test
    void thePassingRoundOrTheOpenIncidentPutsTheMonitorBackOnItsBeat() {
        assertThat(RetryPace.after(RETRY_15S, RoundVerdict.ok(DUE), false, 4)).isEqualTo(new RetryPace.Pace(Optional.empty(), 0));
        assertThat(RetryPace.after(RETRY_15S, ERROR, true, 4)).isEqualTo(new RetryPace.Pace(Optional.empty(), 0));
        assertThat(RetryPace.after(AlertPolicy.defaults(), ERROR, false, 0)).isEqualTo(new RetryPace.Pace(Optional.empty(), 0));
    }

    @Test
    void afterTenFasterRoundsTheMonitorKeepsItsBeatUntilARoundPasses() {
        int faster = 0;
        int sooner = 0;
        for (int i = 0; i < 30; i++) {
            RetryPace.Pace pace = RetryPace.after(RETRY_15S, WARNING, false, faster);
            faster = pace.fasterSoFar();
            sooner += pace.nextRound().isPresent() ? 1 : 0;
        }
        assertThat(sooner).isEqualTo(AlertPolicy.MAX_FASTER_ROUNDS);
        assertThat(RetryPace.after(RETRY_15S, RoundVerdict.unknown(DUE), false, faster).fasterSoFar()).isEqualTo(10);
        faster = RetryPace.after(RETRY_15S, RoundVerdict.ok(DUE), false, faster).fasterSoFar();
        assertThat(RetryPace.after(RETRY_15S, ERROR, false, faster).nextRound()).contains(DUE.plusSeconds(15));
    }
}

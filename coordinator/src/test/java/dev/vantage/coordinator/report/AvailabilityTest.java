package dev.vantage.coordinator.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vantage.common.model.FailureReason;
import dev.vantage.common.model.Monitor;
import dev.vantage.common.model.MonitorSpec;
import dev.vantage.coordinator.alert.Alert;
import dev.vantage.coordinator.decide.LocationFailure;
import dev.vantage.coordinator.store.ConnectTimes;
import dev.vantage.coordinator.store.CoordinatorGap;
import dev.vantage.coordinator.store.ResultSummary;
import dev.vantage.coordinator.store.ResultSummary.Round;
import dev.vantage.coordinator.store.ResultSummary.StatusCount;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** The arithmetic alone, on hand-made rows: no store, no server. */
class AvailabilityTest {
    private static final Instant T0 = Instant.parse("2026-11-26T00:00:00Z");
    private static final Monitor WEB = new Monitor(1, new MonitorSpec("web", "127.0.0.1", 9, Duration.ofSeconds(10), Duration.ofSeconds(2),
            List.of("eu-west")), false, T0, T0);

    @Test
    void anIncidentStillOpenCountsUpToTheEndOfThePeriodAndHasNoRecoveryYet() {
        Instant failed = T0.plusSeconds(20);
        Alert open = Alert.open("i1", 1, "web", "127.0.0.1", 9, List.of(new LocationFailure("eu-west", FailureReason.REFUSED, failed)),
                failed, failed);
        ResultSummary rows = new ResultSummary(List.of(new StatusCount("eu-west", 0, 2), new StatusCount("eu-west", 1, 2)),
                List.of(new Round(T0, true), new Round(T0.plusSeconds(10), true), new Round(T0.plusSeconds(20), true),
                        new Round(T0.plusSeconds(30), true)),
                Map.of("eu-west", new ConnectTimes.Exact(new long[] {1, 2})));

        AvailabilityReport report = Availability.of(WEB, rows, List.of(open), List.of(), T0, T0.plusSeconds(40));

        assertThat(report.incidents()).isEqualTo(1);
        assertThat(report.downtime()).isEqualTo(Duration.ofSeconds(20));
        assertThat(report.downRounds()).isEqualTo(2);
        assertThat(report.uptimePercent()).isEqualTo(OptionalDouble.of(50.0));
        assertThat(report.meanTimeToRecovery()).isEmpty();
    }

    @Test
    void roundsWithoutAnyAgentAreLeftOutOfUptime() {
        ResultSummary rows = new ResultSummary(List.of(new StatusCount("eu-west", 0, 1), new StatusCount("eu-west", 90, 3)),
                List.of(new Round(T0, false), new Round(T0.plusSeconds(10), false), new Round(T0.plusSeconds(20), false),
                        new Round(T0.plusSeconds(30), true)),
                Map.of("eu-west", new ConnectTimes.Exact(new long[] {5})));

        AvailabilityReport report = Availability.of(WEB, rows, List.of(), List.of(), T0, T0.plusSeconds(40));

        assertThat(report.rounds()).isEqualTo(1);
        assertThat(report.noAgentRounds()).isEqualTo(3);
        assertThat(report.uptimePercent()).isEqualTo(OptionalDouble.of(100.0));
        assertThat(report.locations().get(0).uptimePercent()).isEqualTo(OptionalDouble.of(100.0));
        assertThat(report.locations().get(0).noAgent()).isEqualTo(3);
    }

    @Test
    void timeWithNoCoordinatorIsNeitherUpNorDownAndIsReportedApart() {
        ResultSummary rows = new ResultSummary(List.of(new StatusCount("eu-west", 0, 3)),
                List.of(new Round(T0, true), new Round(T0.plusSeconds(10), true), new Round(T0.plusSeconds(50), true)),
                Map.of("eu-west", new ConnectTimes.Exact(new long[] {1, 2, 3})));
        List<CoordinatorGap> gaps = List.of(
                new CoordinatorGap(T0.plusSeconds(12), T0.plusSeconds(45)), // longer than the 10 s interval: counts
                new CoordinatorGap(T0.plusSeconds(52), T0.plusSeconds(57)), // shorter: one late round, not a gap
                new CoordinatorGap(T0.minusSeconds(60), T0.plusSeconds(1))); // counts from the start of the period

        AvailabilityReport report = Availability.of(WEB, rows, List.of(), gaps, T0, T0.plusSeconds(60));

        assertThat(report.rounds()).isEqualTo(3);
        assertThat(report.uptimePercent()).isEqualTo(OptionalDouble.of(100.0));
        assertThat(report.unmonitored()).isEqualTo(Duration.ofSeconds(30));
        assertThat(report.coordinatorUnavailable()).isEqualTo(Duration.ofSeconds(34));
    }

    @Test
    void withoutResultsThereIsNoUptimeRatherThanZeroOrAHundred() {
        AvailabilityReport report = Availability.of(WEB, new ResultSummary(List.of(), List.of(), Map.of()), List.of(), List.of(), T0, T0.plusSeconds(40));

        assertThat(report.uptimePercent()).isEmpty();
        assertThat(report.locations().get(0).uptimePercent()).isEmpty();
        assertThat(report.locations().get(0).connectTime()).isEmpty();
    }

    @Test
    void percentilesAreNearestRank() {
        long[] hundred = new long[100];
        for (int i = 0; i < 100; i++) {
            hundred[i] = i + 1;
        }
        assertThat(new ConnectTimes.Exact(hundred).percentile(95)).isEqualTo(95);
        assertThat(new ConnectTimes.Exact(hundred).percentile(99)).isEqualTo(99);
        assertThat(new ConnectTimes.Exact(new long[] {7}).percentile(50)).isEqualTo(7);
        assertThat(new ConnectTimes.Exact(new long[] {1, 2}).percentile(50)).isEqualTo(1);
    }
}

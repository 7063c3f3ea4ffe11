package dev.vantage.coordinator.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vantage.common.model.Monitor;
import dev.vantage.common.model.MonitorSpec;
import dev.vantage.coordinator.report.AvailabilityReport.LocationReport;
import dev.vantage.coordinator.report.AvailabilityReport.Percentiles;
import dev.vantage.coordinator.store.Store;
import dev.vantage.coordinator.store.StoreConfig;
import dev.vantage.coordinator.store.StoreFactory;
import dev.vantage.coordinator.testing.ReportScenario;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reports read from a real SQLite store equal the figures worked out by hand in {@link ReportScenario}. */
class ReportsTest {
    private static final Instant BASE = Instant.parse("2026-11-26T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void figuresOfAStoredHourEqualTheOnesWorkedOutByHand() {
        try (Store store = StoreFactory.open(StoreConfig.of("jdbc:sqlite:" + dir.resolve("vantage.db")))) {
            Monitor web = store.createMonitor(new MonitorSpec("web", "127.0.0.1", 9, Duration.ofSeconds(60), Duration.ofSeconds(5),
                    List.of("eu-west", "us-east")), BASE.minusSeconds(3600));
            ReportScenario.store(store, web, BASE);
            Instant since = BASE.minus(Duration.ofHours(1));
            Instant until = BASE.plus(Duration.ofHours(2));

            AvailabilityReport report = new Reports(store).of(web, since, until);

            assertThat(report.rounds()).isEqualTo(49);
            assertThat(report.downRounds()).isEqualTo(5);
            assertThat(report.noAgentRounds()).isEqualTo(1);
            assertThat(report.unmonitored()).isEqualTo(Duration.ofMinutes(10));
            assertThat(report.uptimePercent()).isEqualTo(OptionalDouble.of(100.0 * 44 / 49));
            assertThat(report.incidents()).isEqualTo(2);
            assertThat(report.downtime()).isEqualTo(Duration.ofSeconds(302));
            assertThat(report.longestDowntime()).isEqualTo(Duration.ofSeconds(181));
            assertThat(report.meanTimeToRecovery()).contains(Duration.ofSeconds(151));
            assertThat(report.locations()).containsExactly(
                    new LocationReport("eu-west", 43, 5, 2, OptionalDouble.of(100.0 * 43 / 48),
                            Optional.of(new Percentiles(22_000_000, 41_000_000, 43_000_000))),
                    new LocationReport("us-east", 44, 5, 1, OptionalDouble.of(100.0 * 44 / 49),
                            Optional.of(new Percentiles(2_200_000, 4_200_000, 4_400_000))));
        }
    }

    @Test
    void theHandWorkedHourReadFromItsRollupGivesTheSameFiguresAfterItsResultsArePurged() {
        try (Store store = StoreFactory.open(StoreConfig.of("jdbc:sqlite:" + dir.resolve("vantage.db")))) {
            Monitor web = store.createMonitor(new MonitorSpec("web", "127.0.0.1", 9, Duration.ofSeconds(60), Duration.ofSeconds(5),
                    List.of("eu-west", "us-east")), BASE.minusSeconds(3600));
            ReportScenario.store(store, web, BASE);
            Instant since = BASE.minus(Duration.ofHours(1));
            Instant until = BASE.plus(Duration.ofHours(2));
            AvailabilityReport fromResults = new Reports(store).of(web, since, until);

            store.rollUpResults(BASE.plus(Duration.ofHours(2)), 24);
            store.purgeResultsBefore(until);
            AvailabilityReport fromRollups = new Reports(store).of(web, since, until);

            // Every figure but the percentiles is exact; those are the midpoints of their histogram buckets
            // (ConnectHistogram): 22 ms is in bucket 854, (1.02^853, 1.02^854] = (21.674, 22.108] ms, reported as
            // 2 × 1.02^854 / 2.02 = 21.888969 ms (−0.50 %); 41 ms → 41.250651 (+0.61 %), 43 ms → 42.917177 (−0.19 %),
            // 2.2 ms → 2.200926, 4.2 ms → 4.230689 (+0.73 %), 4.4 ms → 4.401608.
            assertThat(fromRollups).usingRecursiveComparison().ignoringFields("locations").isEqualTo(fromResults);
            assertThat(fromRollups.locations()).extracting(LocationReport::location, LocationReport::connected, LocationReport::failed,
                    LocationReport::noAgent, LocationReport::uptimePercent).containsExactlyElementsOf(fromResults.locations().stream()
                    .map(l -> org.assertj.core.groups.Tuple.tuple(l.location(), l.connected(), l.failed(), l.noAgent(), l.uptimePercent()))
                    .toList());
            assertThat(fromRollups.locations()).extracting(l -> l.connectTime().orElseThrow()).containsExactly(
                    new Percentiles(21_888_969, 41_250_651, 42_917_177), new Percentiles(2_200_926, 4_230_689, 4_401_608));
        }
    }

    @Test
    void aPeriodThatStartsInsideAnIncidentCountsOnlyItsPart() {
        try (Store store = StoreFactory.open(StoreConfig.of("jdbc:sqlite:" + dir.resolve("vantage.db")))) {
            Monitor web = store.createMonitor(new MonitorSpec("web", "127.0.0.1", 9, Duration.ofSeconds(60), Duration.ofSeconds(5),
                    List.of("eu-west", "us-east")), BASE.minusSeconds(3600));
            ReportScenario.store(store, web, BASE);

            // From base+51m: round 51 is the only down round left, and 1m1s of incident B.
            AvailabilityReport report = new Reports(store).of(web, BASE.plus(Duration.ofMinutes(51)), BASE.plus(Duration.ofHours(2)));

            assertThat(report.rounds()).isEqualTo(9);
            assertThat(report.downRounds()).isEqualTo(1);
            assertThat(report.incidents()).isEqualTo(1);
            assertThat(report.downtime()).isEqualTo(Duration.ofSeconds(61));
            assertThat(report.meanTimeToRecovery()).contains(Duration.ofSeconds(121));
        }
    }
}

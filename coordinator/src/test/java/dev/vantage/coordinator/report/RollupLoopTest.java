package dev.vantage.coordinator.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vantage.common.model.Monitor;
import dev.vantage.common.model.MonitorSpec;
import dev.vantage.common.model.ProbeOutcome;
import dev.vantage.common.model.ProbeResult;
import dev.vantage.common.model.ResultKind;
import dev.vantage.coordinator.store.ConnectHistogram;
import dev.vantage.coordinator.store.Store;
import dev.vantage.coordinator.store.StoreConfig;
import dev.vantage.coordinator.store.StoreFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RollupLoopTest {
    private static final Instant HOUR = Instant.parse("2026-11-26T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void rollsUpEveryHourThatEndedMoreThanTheGraceAgoAndPurgesRollupsPastTheirRetention() {
        try (Store store = StoreFactory.open(StoreConfig.of("jdbc:sqlite:" + dir.resolve("vantage.db")))) {
            Monitor web = store.createMonitor(new MonitorSpec("web", "127.0.0.1", 9, Duration.ofSeconds(10), Duration.ofSeconds(5),
                    List.of("eu-west")), HOUR);
            for (Instant at : List.of(HOUR.minus(Duration.ofDays(2)), HOUR, HOUR.plus(Duration.ofMinutes(61)))) {
                store.insertResults(List.of(new ProbeResult(1, web.id(), "eu-west", "a", ResultKind.SCHEDULED, at,
                        ProbeOutcome.connected(2_000_000, "127.0.0.1:9", at))));
            }
            Clock clock = Clock.fixed(HOUR.plus(Duration.ofHours(1)).plus(RollupLoop.GRACE), ZoneOffset.UTC);

            try (RollupLoop loop = new RollupLoop(store, clock, Duration.ofDays(1)).start()) {
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                        store.summarizeResults(web.id(), HOUR, HOUR.plus(Duration.ofHours(1))).connectTimes().get("eu-west"))
                        .isInstanceOf(ConnectHistogram.class));
                await().atMost(Duration.ofSeconds(30)).until(() -> loop.rolledUpTo().equals(HOUR.plus(Duration.ofHours(1))));
            }
            store.purgeResultsBefore(HOUR.plus(Duration.ofHours(3)));

            assertThat(store.summarizeResults(web.id(), HOUR.minus(Duration.ofDays(3)), HOUR.plus(Duration.ofHours(3))).counts())
                    .singleElement().satisfies(c -> assertThat(c.count()).isEqualTo(1));
        }
    }
}

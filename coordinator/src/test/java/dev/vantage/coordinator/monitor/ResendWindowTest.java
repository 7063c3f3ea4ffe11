package dev.vantage.coordinator.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vantage.common.model.MonitorSpec;
import dev.vantage.coordinator.MutableClock;
import dev.vantage.coordinator.store.Store;
import dev.vantage.coordinator.store.StoreConfig;
import dev.vantage.coordinator.store.StoreFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which results of jobs this coordinator never issued it stores: a real SQLite store behind the check. */
class ResendWindowTest {
    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

    @TempDir
    Path dir;

    @Test
    void aResendIsPlausibleForAMonitorOfTheAgentsLocationDueWithinTheRetentionAndNotAheadOfTheClock() {
        MutableClock clock = new MutableClock(NOW);
        try (Store store = StoreFactory.open(StoreConfig.of("jdbc:sqlite:" + dir.resolve("vantage.db")))) {
            long web = store.createMonitor(new MonitorSpec("web", "example.com", 443, Duration.ofSeconds(60), Duration.ofSeconds(5),
                    List.of("eu-west")), NOW).id();
            ResendWindow window = new ResendWindow(store, clock, Duration.ofDays(30));

            assertThat(window.plausible("eu-west", web, NOW.minusSeconds(90))).isTrue();
            assertThat(window.plausible("us-east", web, NOW.minusSeconds(90))).isFalse();
            assertThat(window.plausible("eu-west", web + 1, NOW.minusSeconds(90))).isFalse();
            assertThat(window.plausible("eu-west", web, NOW.minus(Duration.ofDays(31)))).isFalse();
            assertThat(window.plausible("eu-west", web, NOW.plus(Duration.ofMinutes(2)))).isFalse();

            store.deleteMonitor(web);
            clock.advance(Duration.ofSeconds(11));
            assertThat(window.plausible("eu-west", web, NOW)).isFalse();
        }
    }
}

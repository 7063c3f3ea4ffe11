package dev.vantage.coordinator.page;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vantage.common.model.FailureReason;
import dev.vantage.common.model.MonitorSpec;
import dev.vantage.common.model.ProbeOutcome;
import dev.vantage.common.model.ProbeResult;
import dev.vantage.common.model.ResultKind;
import dev.vantage.coordinator.store.Store;
import dev.vantage.coordinator.store.StoreConfig;
import dev.vantage.coordinator.store.StoreFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The 24-hour bars over a real SQLite store, with time driven by the test. */
class AvailabilityBarsTest {
    /** 14:20 UTC: the bars run from 15:00 yesterday (index 0) to 14:00 today (index 23). */
    private static final Instant NOW = Instant.parse("2026-11-30T14:20:00Z");
    private static final Instant HOUR = Instant.parse("2026-11-30T14:00:00Z");
    private static final Duration MAX_AGE = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private Store store;
    private AvailabilityBars bars;
    private long web;
    private long jobs;

    @BeforeEach
    void open() {
        store = StoreFactory.open(StoreConfig.of("jdbc:sqlite:" + dir.resolve("vantage.db")));
        web = store.createMonitor(new MonitorSpec("web", "127.0.0.1", 443, Duration.ofMinutes(1), Duration.ofSeconds(5),
                List.of("eu-west", "us-east")), NOW).id();
        bars = new AvailabilityBars(store, MAX_AGE);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void eachHourIsTheShareOfConnectedScheduledProbesAndNoAgentOrAnUnhealthyLocationIsNoVerdict() {
        store.insertResults(List.of(
                ok("eu-west", HOUR.minus(Duration.ofHours(23))),
                ok("eu-west", HOUR.minus(Duration.ofHours(24))),
                ok("eu-west", HOUR), ok("eu-west", HOUR.plusSeconds(60)), refused("eu-west", HOUR.plusSeconds(120), ResultKind.SCHEDULED),
                refused("eu-west", HOUR.plusSeconds(121), ResultKind.RETRY),
                noAgent("us-east", HOUR.minus(Duration.ofHours(2))),
                unhealthyLocation("us-east", HOUR.minus(Duration.ofHours(1)))));

        Map<String, List<Double>> figures = bars.of(List.of(web), NOW).get(web);

        assertThat(figures.get("eu-west")).hasSize(24);
        assertThat(figures.get("eu-west").get(0)).as("15:00 yesterday; 14:00 yesterday is out of the window").isEqualTo(100.0);
        assertThat(figures.get("eu-west").get(23)).as("2 of 3 scheduled; the retry does not count").isEqualTo(66.67);
        assertThat(figures.get("eu-west").subList(1, 23)).containsOnlyNulls();
        assertThat(figures.get("us-east")).hasSize(24).containsOnlyNulls();
    }

    @Test
    void pastHoursAreReadOnceAndTheLastTwoAgainWhenOlderThanTheMaximumAge() {
        store.insertResults(List.of(ok("eu-west", HOUR.minus(Duration.ofHours(5))), ok("eu-west", HOUR)));
        assertThat(bars.of(List.of(web), NOW).get(web).get("eu-west")).element(23).isEqualTo(100.0);

        store.insertResults(List.of(refused("eu-west", HOUR.minus(Duration.ofHours(5)).plusSeconds(1), ResultKind.SCHEDULED),
                refused("eu-west", HOUR.minus(Duration.ofHours(1)), ResultKind.SCHEDULED),
                refused("eu-west", HOUR.plusSeconds(1), ResultKind.SCHEDULED)));

        assertThat(bars.of(List.of(web), NOW.plus(MAX_AGE)).get(web).get("eu-west")).as("kept for the maximum age")
                .element(23).isEqualTo(100.0);
        List<Double> later = bars.of(List.of(web), NOW.plus(MAX_AGE).plusSeconds(1)).get(web).get("eu-west");
        assertThat(later.get(23)).isEqualTo(50.0);
        assertThat(later.get(22)).as("the hour before is read again too: late results").isEqualTo(0.0);
        assertThat(later.get(18)).as("an older hour is not read again").isEqualTo(100.0);

        List<Double> nextHour = bars.of(List.of(web), NOW.plus(Duration.ofHours(1))).get(web).get("eu-west");
        assertThat(nextHour.get(22)).as("the window moved by one hour").isEqualTo(50.0);
        assertThat(nextHour.get(17)).isEqualTo(100.0);
        assertThat(nextHour.get(23)).isNull();
    }

    private ProbeResult ok(String location, Instant at) {
        return new ProbeResult(++jobs, web, location, "a", ResultKind.SCHEDULED, at, ProbeOutcome.connected(1_000_000, "127.0.0.1:443", at));
    }

    private ProbeResult refused(String location, Instant at, ResultKind kind) {
        return new ProbeResult(++jobs, web, location, "a", kind, at, ProbeOutcome.failed(FailureReason.REFUSED, "127.0.0.1:443", at, "refused"));
    }

    /** A refusal seen from a DEGRADED location: status 91, never the target's failure. */
    private ProbeResult unhealthyLocation(String location, Instant at) {
        return new ProbeResult(++jobs, web, location, "agent-" + location, ResultKind.SCHEDULED, at,
                ProbeOutcome.failed(FailureReason.REFUSED, "127.0.0.1:9", at, "connection refused").fromUnhealthyLocation(location));
    }

    private ProbeResult noAgent(String location, Instant at) {
        return new ProbeResult(++jobs, web, location, "", ResultKind.SCHEDULED, at, ProbeOutcome.noAgent(at, "no agent"));
    }
}

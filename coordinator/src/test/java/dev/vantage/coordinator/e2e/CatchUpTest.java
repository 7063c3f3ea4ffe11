package dev.vantage.coordinator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vantage.common.model.Monitor;
import dev.vantage.common.model.MonitorSpec;
import dev.vantage.common.model.ProbeResult;
import dev.vantage.common.model.ResultKind;
import dev.vantage.coordinator.store.CoordinatorGap;
import dev.vantage.coordinator.store.ResultQuery;
import dev.vantage.coordinator.store.Store;
import dev.vantage.coordinator.testing.Cli;
import dev.vantage.testkit.OpenListener;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A coordinator that was down for longer than an interval (real gRPC, real agents and probes, the SQLite
 * store): after its restart the gap is recorded as "coordinator unavailable" and shown in history, and
 * every monitor whose rounds fell due in it runs exactly one late round per location, within its next
 * interval, never more.
 */
class CatchUpTest {
    private static final List<String> LOCATIONS = List.of("eu-west", "us-east");
    private static final Duration INTERVAL = Duration.ofSeconds(10);
    private static final int MONITORS = 6;

    @TempDir
    Path dir;

    @Test
    void aRestartAfterAGapRunsOneLateRoundPerMonitorAndLocationAndShowsTheGap() throws Exception {
        try (OpenListener target = OpenListener.start(); Cluster cluster = new Cluster(dir, LOCATIONS)) {
            List<Monitor> monitors = new ArrayList<>();
            for (int i = 0; i < MONITORS; i++) {
                monitors.add(cluster.coordinator().catalog().create(
                        new MonitorSpec("m" + i, "127.0.0.1", target.port(), INTERVAL, Duration.ofSeconds(2), LOCATIONS)));
            }
            for (String location : LOCATIONS) {
                cluster.startAgent(location);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> monitors.stream().allMatch(m -> scheduled(cluster.coordinator().store(), m) >= 2));

            cluster.stopCoordinator();
            Instant stopped = Instant.now();
            // The gap under test: longer than every monitor's interval, so each one misses at least one round.
            await().pollInterval(Duration.ofMillis(200)).atMost(Duration.ofSeconds(20))
                    .until(() -> Instant.now().isAfter(stopped.plus(INTERVAL).plusSeconds(2)));
            cluster.startCoordinator();
            Instant restarted = Instant.now();
            Store store = cluster.coordinator().store();

            List<CoordinatorGap> gaps = store.gaps(stopped.minusSeconds(60), Instant.now());
            assertThat(gaps).singleElement().satisfies(g -> {
                assertThat(g.from()).isBetween(stopped.minusSeconds(2), stopped);
                assertThat(g.to()).isBetween(stopped.plus(INTERVAL), restarted);
                assertThat(g.countsFor(INTERVAL)).isTrue();
            });
            await().atMost(Duration.ofSeconds(40)).until(() -> monitors.stream().allMatch(m -> late(store, m).size() == LOCATIONS.size()));
            for (Monitor m : monitors) {
                assertThat(late(store, m)).allSatisfy(r -> assertThat(r.outcome().startedAt())
                        .isBetween(restarted.minusSeconds(1), restarted.plus(INTERVAL.multipliedBy(2))));
            }
            // Two more regular rounds each: still one late round per monitor and location.
            long before = monitors.stream().mapToLong(m -> scheduled(store, m)).sum();
            await().atMost(Duration.ofSeconds(40)).until(() -> monitors.stream().mapToLong(m -> scheduled(store, m)).sum()
                    >= before + 2L * MONITORS * LOCATIONS.size());
            assertThat(monitors).allSatisfy(m -> assertThat(late(store, m)).hasSize(LOCATIONS.size()));

            Cli cli = cluster.cli();
            Cli.Run table = cli.run("results", "m0", "--limit", "1000");
            assertThat(table.exit()).isZero();
            assertThat(table.out()).containsPattern("(?m)^\\S+Z +- +gap +- +coordinator unavailable +for \\d+s until \\S+Z");
            assertThat(table.out()).containsPattern("(?m)^\\S+Z +eu-west +late +0 +OK");
            JsonNode json = cli.run("results", "m0", "--limit", "1000", "--json").json();
            assertThat(StreamSupport.stream(json.spliterator(), false).filter(n -> n.get("kind").asText().equals("gap")))
                    .singleElement().satisfies(n -> {
                        assertThat(n.get("status").asText()).isEqualTo("coordinator unavailable");
                        assertThat(n.get("seconds").asLong()).isEqualTo(gaps.get(0).length().toSeconds());
                    });
        }
    }

    private static long scheduled(Store store, Monitor m) {
        return store.results(ResultQuery.newest(m.id(), 10_000)).stream().filter(r -> r.kind() == ResultKind.SCHEDULED).count();
    }

    private static List<ProbeResult> late(Store store, Monitor m) {
        return store.results(ResultQuery.newest(m.id(), 10_000)).stream().filter(r -> r.kind() == ResultKind.LATE).toList();
    }
}

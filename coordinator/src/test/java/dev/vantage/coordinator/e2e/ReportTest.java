package dev.vantage.coordinator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vantage.common.model.Monitor;
import dev.vantage.common.model.MonitorSpec;
import dev.vantage.coordinator.store.Store;
import dev.vantage.coordinator.testing.Cli;
import dev.vantage.coordinator.testing.ReportScenario;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vantage report} against a real coordinator whose store holds {@link ReportScenario}'s hour. */
class ReportTest {
    private Cluster cluster;
    private Cli cli;

    @BeforeEach
    void start(@TempDir Path dir) {
        cluster = new Cluster(dir, List.of("eu-west", "us-east"));
        cli = cluster.cli();
        // Written to the store directly, never scheduled: no round of this coordinator adds to the hour.
        Store store = cluster.coordinator().store();
        Instant base = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofHours(2));
        Monitor web = store.createMonitor(new MonitorSpec("web", "127.0.0.1", 9, Duration.ofSeconds(60), Duration.ofSeconds(5),
                List.of("eu-west", "us-east")), base);
        ReportScenario.store(store, web, base);
        // What the coordinator's RollupLoop does within a minute, done now so the figures do not depend on when it
        // ran: the scenario's whole hours are read from rollups, so percentiles are the midpoints of their
        // histogram buckets, worked out by hand in ReportsTest (22 ms → 21.889 ms and so on); the rest is exact.
        store.rollUpResults(Instant.now().minus(Duration.ofMinutes(5)), 24);
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void csvHasTheFiguresWorkedOutByHand() {
        Cli.Run run = cli.run("report", "web", "--period", "24h", "--csv");

        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.out()).isEqualTo("""
                monitor,location,uptime_percent,rounds,down,no_agent,incidents,downtime_ms,longest_downtime_ms,mttr_ms,unmonitored_ms,p50_ms,p95_ms,p99_ms
                web,,89.796,49,5,1,2,302000,181000,151000,600000,,,
                web,eu-west,89.583,48,5,2,,,,,,21.889,41.251,42.917
                web,us-east,89.796,49,5,1,,,,,,2.201,4.231,4.402
                """);
    }

    @Test
    void tableAndJsonSayTheSame() {
        Cli.Run table = cli.run("report", "--all", "--period", "7d");
        Cli.Run json = cli.run("report", "web", "--json");

        assertThat(table.exit()).as(table.toString()).isZero();
        assertThat(table.out().lines().toList()).containsExactly(
                "MONITOR  LOCATION  UPTIME   ROUNDS  DOWN  NO AGENT  INCIDENTS  DOWNTIME  LONGEST  MTTR   UNMONITORED  P50 MS  P95 MS  P99 MS",
                "web      all       89.796%  49      5     1         2          5m2s      3m1s     2m31s  10m          -       -       -",
                "web      eu-west   89.583%  48      5     2         -          -         -        -      -            21.889  41.251  42.917",
                "web      us-east   89.796%  49      5     1         -          -         -        -      -            2.201   4.231   4.402");
        assertThat(json.exit()).as(json.toString()).isZero();
        assertThat(json.json().get(0).get("uptime_percent").decimalValue()).isEqualByComparingTo("89.796");
        assertThat(json.json().get(0).get("mttr_ms").asLong()).isEqualTo(151_000);
        assertThat(json.json().get(0).get("locations").get(1).get("p99_ms").decimalValue()).isEqualByComparingTo("4.402");
    }

    @Test
    void badUsageNamesTheFieldAndExitsTwo() {
        Cli.Run neither = cli.run("report");
        Cli.Run tooLong = cli.run("report", "web", "--period", "500d");
        Cli.Run both = cli.run("report", "web", "--csv", "--json");

        assertThat(neither.exit()).isEqualTo(2);
        assertThat(neither.err()).startsWith("error: monitor: give a monitor's NAME|ID or --all, not neither");
        assertThat(tooLong.exit()).isEqualTo(2);
        assertThat(tooLong.err()).startsWith("error: period: must be more than 0s and at most 400d, got 500d");
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err()).startsWith("error: csv: cannot be combined with --json; choose one");
        assertThat(cli.run("report", "nosuch").exit()).isEqualTo(4);
    }
}

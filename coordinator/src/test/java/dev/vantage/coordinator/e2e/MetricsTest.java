package dev.vantage.coordinator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vantage.common.config.HostPort;
import dev.vantage.coordinator.Coordinator;
import dev.vantage.coordinator.config.CoordinatorConfig;
import dev.vantage.coordinator.http.HttpSettings;
import dev.vantage.coordinator.testing.Cli;
import dev.vantage.coordinator.testing.Scrape;
import dev.vantage.testkit.ClosedPort;
import dev.vantage.testkit.OpenListener;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * /metrics and /healthz of a real coordinator and its real agents, scraped over real HTTP after known
 * probes: one monitor on an open port, one on a closed port, each probed once on demand from two
 * locations and then in one round. Intervals are a day, so no scheduled round adds to the counts.
 */
class MetricsTest {
    private static final List<String> LOCATIONS = List.of("eu-west", "us-east");

    @TempDir
    Path dir;

    @Test
    void knownProbesShowAsExactSeriesInAScrapeInTheTextFormat() throws Exception {
        try (Cluster cluster = new Cluster(dir, LOCATIONS); OpenListener open = OpenListener.start()) {
            startAgents(cluster);
            ClosedPort closed = ClosedPort.find();
            createAndTest(cluster.cli(), "web", open.host(), open.port(), 0);
            createAndTest(cluster.cli(), "shut", closed.host(), closed.port(), 1);
            InetSocketAddress http = cluster.coordinator().httpAddress().orElseThrow();

            Scrape.Metrics m = await().atMost(Duration.ofSeconds(10)).until(() -> Scrape.metrics(http),
                    s -> s.value("probe_success", "instance", closed.address(), "monitor", "shut", "probe", "us-east").isPresent()
                            && s.value("probe_success", "instance", open.address(), "monitor", "web", "probe", "us-east").isPresent());

            for (String location : LOCATIONS) {
                assertThat(m.value("probe_success", "instance", open.address(), "monitor", "web", "probe", location)).contains(1.0);
                assertThat(m.value("probe_success", "instance", closed.address(), "monitor", "shut", "probe", location)).contains(0.0);
                assertThat(m.value("probe_duration_seconds", "instance", open.address(), "monitor", "web", "probe", location).orElseThrow())
                        .isGreaterThan(0).isLessThan(1);
                assertThat(m.value("probe_duration_seconds", "instance", closed.address(), "monitor", "shut", "probe", location)).contains(0.0);
                assertThat(m.value("vantage_probes_total", "probe", location, "result", "ok", "reason", "none")).contains(1.0);
                assertThat(m.value("vantage_probes_total", "probe", location, "result", "failed", "reason", "refused")).contains(1.0);
                // Every reason of a location that has had a result is there from then on, 0 until it happens.
                assertThat(m.value("vantage_probes_total", "probe", location, "result", "no_agent", "reason", "no agent available")).contains(0.0);
                // Only web connected: one connect time per location (the histogram is per location, not per monitor).
                assertThat(m.value("vantage_probe_connect_seconds_count", "probe", location)).contains(1.0);
                assertThat(m.value("vantage_agents_connected", "location", location)).contains(1.0);
                assertThat(m.value("vantage_jobs_queued", "location", location)).contains(0.0);
            }
            assertThat(m.value("vantage_results_stored_total")).contains(4.0);
            assertThat(m.types()).containsEntry("probe_success", "gauge").containsEntry("vantage_probes_total", "counter")
                    .containsEntry("vantage_probe_connect_seconds", "histogram");
            // No round finished yet: the state is UNKNOWN, and every other state is 0.
            assertThat(m.value("vantage_monitor_state", "monitor", "web", "state", "UNKNOWN")).contains(1.0);
            assertThat(m.value("vantage_monitor_state", "monitor", "web", "state", "UP")).contains(0.0);

            cluster.coordinator().runRoundNow("web").get();
            cluster.coordinator().runRoundNow("shut").get();
            Scrape.Metrics after = Scrape.metrics(http);

            assertThat(after.value("vantage_monitor_state", "monitor", "web", "state", "UP")).contains(1.0);
            assertThat(after.value("vantage_monitor_state", "monitor", "web", "state", "UNKNOWN")).contains(0.0);
            assertThat(after.value("vantage_monitor_state", "monitor", "shut", "state", "DOWN")).contains(1.0);
            assertThat(List.of("UP", "WARNING", "UNKNOWN", "PAUSED", "BLACKOUT")).allSatisfy(state ->
                    assertThat(after.value("vantage_monitor_state", "monitor", "shut", "state", state)).contains(0.0));
            assertThat(after.value("vantage_alerts_raised_total", "kind", "open")).contains(1.0);
            assertThat(after.value("vantage_probe_connect_seconds_count", "probe", "eu-west")).contains(2.0);
            for (String location : LOCATIONS) {
                assertThat(after.value("vantage_probes_total", "probe", location, "result", "ok", "reason", "none")).contains(2.0);
                // Every refused probe of the round is counted (retries and verifications too), as `vantage results` lists them
                // once the result writer has stored the round's last batch (it may still be on its way when the round ends).
                double refused = after.value("vantage_probes_total", "probe", location, "result", "failed", "reason", "refused")
                        .orElseThrow();
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                        assertThat(cluster.cli().run("results", "shut", "--location", location, "--json").json().size())
                                .isEqualTo((int) refused));
            }

            assertThat(cluster.cli().run("monitor", "delete", "web").exit()).isZero();
            Scrape.Metrics deleted = Scrape.metrics(http);
            assertThat(deleted.samples().keySet()).as("a deleted monitor's series are gone from the next scrape")
                    .noneMatch(k -> k.contains("monitor=\"web\""));
            assertThat(deleted.value("vantage_monitor_state", "monitor", "shut", "state", "DOWN")).contains(1.0);
        }
    }

    @Test
    void healthzSaysOkWithTheStoreAndTheAgentsConnected() throws Exception {
        try (Cluster cluster = new Cluster(dir, LOCATIONS)) {
            InetSocketAddress http = cluster.coordinator().httpAddress().orElseThrow();
            assertThat(Scrape.get(http, "/healthz", Optional.empty()))
                    .isEqualTo(new Scrape.Response(200, "{\"status\":\"ok\",\"store\":\"ok\",\"agents\":0}\n", Optional.of("application/json")));

            startAgents(cluster);

            assertThat(Scrape.get(http, "/healthz", Optional.empty()).body()).isEqualTo("{\"status\":\"ok\",\"store\":\"ok\",\"agents\":2}\n");
        }
    }

    @Test
    void aStandbyAnswersHealthz503UntilItTakesOver() throws Exception {
        try (Cluster active = new Cluster(dir, LOCATIONS)) {
            InetSocketAddress standbyHttp = new InetSocketAddress("127.0.0.1", freePort());
            CoordinatorConfig standbyConfig = active.coordinator().config().withListen("127.0.0.1", 0)
                    .withHttp(new HttpSettings(Optional.of(new HostPort("127.0.0.1", standbyHttp.getPort())), true));
            CompletableFuture<Coordinator> standby = CompletableFuture.supplyAsync(() -> Coordinator.start(standbyConfig));

            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() ->
                    assertThat(Scrape.get(standbyHttp, "/healthz", Optional.empty()))
                            .isEqualTo(new Scrape.Response(503, "{\"status\":\"standby\"}\n", Optional.of("application/json"))));

            active.stopCoordinator();
            try (Coordinator takenOver = standby.get(20, TimeUnit.SECONDS)) {
                assertThat(Scrape.get(standbyHttp, "/healthz", Optional.empty()).body())
                        .isEqualTo("{\"status\":\"ok\",\"store\":\"ok\",\"agents\":0}\n");
                assertThat(Scrape.metrics(standbyHttp).value("vantage_results_stored_total")).contains(0.0);
            }
            active.startCoordinator();
        }
    }

    @Test
    void perMonitorFalseLeavesOutTheSeriesPerMonitor() throws Exception {
        Properties settings = new Properties();
        settings.setProperty("metrics.per_monitor", "false");
        try (Cluster cluster = new Cluster(dir, LOCATIONS, settings); OpenListener open = OpenListener.start()) {
            startAgents(cluster);
            createAndTest(cluster.cli(), "web", open.host(), open.port(), 0);

            Scrape.Metrics m = await().atMost(Duration.ofSeconds(10)).until(() -> Scrape.metrics(cluster.coordinator().httpAddress().orElseThrow()),
                    s -> s.value("vantage_results_stored_total").orElse(0.0) == 2);

            assertThat(m.sampleNames()).doesNotContain("probe_success", "probe_duration_seconds", "vantage_monitor_state");
            assertThat(m.samples().keySet()).noneMatch(k -> k.contains("monitor=\""));
            assertThat(m.value("vantage_probe_connect_seconds_count", "probe", "eu-west")).contains(1.0);
            assertThat(m.value("vantage_probes_total", "probe", "eu-west", "result", "ok", "reason", "none")).contains(1.0);
        }
    }

    @Test
    void aNonLoopbackAddressServesMetricsOnlyWithAToken() throws Exception {
        Properties settings = new Properties();
        settings.setProperty("http.listen", "0.0.0.0:0");
        settings.setProperty("insecure.plaintext", "true");
        try (Cluster cluster = new Cluster(dir, LOCATIONS, settings)) {
            InetSocketAddress http = cluster.coordinator().httpAddress().orElseThrow();

            Scrape.Response none = Scrape.get(http, "/metrics", Optional.empty());
            Scrape.Response wrong = Scrape.get(http, "/metrics", Optional.of("not-a-token"));
            Scrape.Response admin = Scrape.get(http, "/metrics", Optional.of(cluster.adminToken()));
            Scrape.Response health = Scrape.get(http, "/healthz", Optional.empty());

            String refusal = "missing or invalid token; send the header 'Authorization: Bearer SECRET' with a token of role read or higher"
                    + " (vantage token create)\n";
            assertThat(none).isEqualTo(new Scrape.Response(401, refusal, Optional.of("text/plain; charset=utf-8")));
            assertThat(wrong.status()).isEqualTo(401);
            assertThat(admin.status()).isEqualTo(200);
            Scrape.parse(admin.body());
            assertThat(health.status()).isEqualTo(200);
        }
    }

    @Test
    void anAgentServesItsOwnCountsLinkAndBuffer() throws Exception {
        try (Cluster cluster = new Cluster(dir, LOCATIONS); OpenListener open = OpenListener.start()) {
            startAgents(cluster);
            InetSocketAddress agentHttp = cluster.agent("eu-west").serveHttp(new HostPort("127.0.0.1", 0));
            ClosedPort closed = ClosedPort.find();
            createAndTest(cluster.cli(), "web", open.host(), open.port(), 0);
            createAndTest(cluster.cli(), "shut", closed.host(), closed.port(), 1);

            Scrape.Metrics m = Scrape.metrics(agentHttp);

            assertThat(m.value("vantage_agent_probes_total", "result", "ok", "reason", "none")).contains(1.0);
            assertThat(m.value("vantage_agent_probes_total", "result", "failed", "reason", "refused")).contains(1.0);
            assertThat(m.value("vantage_agent_probes_total", "result", "failed", "reason", "timed out")).contains(0.0);
            assertThat(m.value("vantage_agent_link_up")).contains(1.0);
            assertThat(m.value("vantage_agent_probes_in_flight")).contains(0.0);
            // held until the coordinator acknowledges them, once their store transaction committed
            await().atMost(Duration.ofSeconds(10)).until(() -> Scrape.metrics(agentHttp).value("vantage_agent_results_waiting")
                    .equals(Optional.of(0.0)));
            assertThat(Scrape.get(agentHttp, "/healthz", Optional.empty()).body()).isEqualTo("{\"status\":\"ok\",\"link\":\"up\"}\n");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void startAgents(Cluster cluster) throws InterruptedException {
        for (String location : LOCATIONS) {
            cluster.startAgent(location);
        }
    }

    /** Creates a monitor probed once a day and tests it now from both locations. */
    private static void createAndTest(Cli cli, String name, String host, int port, int expectedExit) {
        Cli.Run create = cli.run("monitor", "create", "--name", name, "--host", host, "--port", String.valueOf(port),
                "--interval", "24h", "--timeout", "2s", "--locations", String.join(",", LOCATIONS));
        assertThat(create.exit()).as(create.err()).isZero();
        Cli.Run test = cli.run("test", name);
        assertThat(test.exit()).as(test.err()).isEqualTo(expectedExit);
    }
}

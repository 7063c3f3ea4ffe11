package dev.vantage.coordinator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vantage.agent.config.AgentConfig;
import dev.vantage.common.config.HostPort;
import dev.vantage.coordinator.Coordinator;
import dev.vantage.coordinator.config.CoordinatorConfig;
import dev.vantage.coordinator.dispatch.LocationLoad;
import dev.vantage.coordinator.location.CanarySettings;
import dev.vantage.coordinator.testing.TestPostgres;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import dev.vantage.coordinator.decide.RoundVerdict;
import dev.vantage.coordinator.decide.Verdict;
import dev.vantage.coordinator.testing.Cli;
import dev.vantage.coordinator.testing.Scrape;
import dev.vantage.testkit.OpenListener;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Self-aware locations with real agents over real gRPC and real loopback targets. eu-west's canary is
 * a closed port (its network is "broken") and its agent sees the monitor's target as refused
 * ({@code --resolve web.test=127.0.0.2}, where nothing listens), while us-east connects. Under
 * global-notify any counted failure would open an incident at once; a DEGRADED eu-west must not.
 */
class CanaryTest {
    @TempDir
    Path dir;
    /** The PostgreSQL schema of a run on PostgreSQL, dropped afterwards. */
    private String schema;
    private final List<Socket> held = new ArrayList<>();
    private Socket canary;

    private static JsonNode location(Cli cli, String name) {
        for (JsonNode l : cli.run("locations", "--json").json()) {
            if (l.get("name").asText().equals(name)) {
                return l;
            }
        }
        throw new AssertionError("no location " + name);
    }

    /** The alert log, oldest first. */
    private static List<JsonNode> alerts(Cli cli) {
        List<JsonNode> out = new ArrayList<>();
        cli.run("alerts", "list", "--json").json().forEach(out::add);
        out.sort(Comparator.comparingLong(a -> a.get("sequence").asLong()));
        return out;
    }

    /** eu-west's canary: closed until {@link #canaryBack}. */
    @BeforeEach
    void holdTheCanaryPort() throws IOException {
        canary = holdPort();
    }

    /**
     * A loopback port held bound but not listening, so a connect to it is refused and no other socket (an ephemeral port
     * of the many connections these tests make) can take it before the test listens on it.
     */
    private Socket holdPort() throws IOException {
        Socket s = new Socket();
        held.add(s);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return s;
    }

    private String canaryAddress() {
        return "127.0.0.1:" + canary.getLocalPort();
    }

    /** The canary answers again: its port is let go and listened on at once. */
    private OpenListener canaryBack() throws IOException {
        int port = canary.getLocalPort();
        canary.close();
        return OpenListener.start("127.0.0.1", port);
    }

    /** eu-west's canary, rounds every second, two failed ones to degrade, two good ones to recover. */
    private Properties canarySettings() {
        Properties settings = new Properties();
        settings.setProperty("location.eu-west.canaries", canaryAddress());
        settings.setProperty("location.canary.interval", "1s");
        settings.setProperty("location.canary.timeout", "500ms");
        settings.setProperty("location.degrade_after", "2");
        settings.setProperty("location.recover_after", "2");
        return settings;
    }

    @Test
    void aDegradedLocationLeavesEveryDecisionRaisesNoTargetAlertAndOneAlertAboutItselfEachWay() throws Exception {
        try (OpenListener target = OpenListener.start();
             Cluster cluster = new Cluster(dir, List.of("eu-west", "us-east"), canarySettings())) {
            cluster.startAgent("eu-west", Map.of("web.test", "127.0.0.2"));
            cluster.startAgent("us-east", Map.of("web.test", "127.0.0.1"));
            Cli cli = cluster.cli();

            // two failed canary rounds: DEGRADED
            await().atMost(Duration.ofSeconds(30)).until(() -> location(cli, "eu-west").get("health").asText().equals("degraded"));
            JsonNode eu = location(cli, "eu-west");
            assertThat(eu.get("canaries")).extracting(JsonNode::asText).containsExactly(canaryAddress());
            assertThat(eu.get("canaries_connected").asInt()).isZero();
            assertThat(eu.get("canaries_answered").asInt()).isEqualTo(1);
            assertThat(location(cli, "us-east").get("health").asText()).isEqualTo("unchecked");
            Cli.Run table = cli.run("locations");
            assertThat(table.out()).contains("eu-west: DEGRADED since ").contains("canaries 0 of 1 connected")
                    .contains(canaryAddress());
            assertThat(table.out().lines().filter(l -> l.startsWith("eu-west ")).findFirst().orElseThrow()).contains(" DEGRADED ");
            assertThat(table.out().lines().filter(l -> l.startsWith("us-east ")).findFirst().orElseThrow()).contains(" - ");

            Cli.Run created = cli.run("monitor", "create", "--name", "web", "--host", "web.test", "--port", Integer.toString(target.port()),
                    "--interval", "1h", "--timeout", "2s", "--locations", "eu-west,us-east", "--mode", "global-notify");
            assertThat(created.exit()).as(created.toString()).isZero();

            // eu-west's refusals count for nothing: every round is OK on us-east alone
            for (int i = 0; i < 3; i++) {
                RoundVerdict v = cluster.coordinator().runRoundNow("web").get(30, TimeUnit.SECONDS).orElseThrow();
                assertThat(v.verdict()).isEqualTo(Verdict.OK);
                assertThat(v.unconfirmed()).isEmpty();
            }
            assertThat(Scrape.metrics(cluster.coordinator().httpAddress().orElseThrow()).value("vantage_location_degraded", "location", "eu-west"))
                    .contains(1.0);
            JsonNode status = cli.run("status", "--json").json().get(0);
            assertThat(status.get("state").asText()).isEqualTo("UP");
            assertThat(status.get("failing_locations")).isEmpty();
            JsonNode euRow = null;
            for (JsonNode r : status.get("last_results")) {
                if (r.get("location").asText().equals("eu-west")) {
                    euRow = r;
                }
            }
            assertThat(euRow).isNotNull();
            assertThat(euRow.get("status_code").asInt()).isEqualTo(91);
            assertThat(euRow.get("status").asText()).isEqualTo("Location unhealthy");
            assertThat(euRow.get("reason").asText()).isEqualTo("location unhealthy");
            assertThat(euRow.get("message").asText()).contains("location eu-west is degraded").contains("it found: refused");
            // a round's verdict comes before the result writer's batch holding its results is committed
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(cli.run("results", "web", "--location", "eu-west", "--json")
                    .json()).hasSize(3).allSatisfy(r -> assertThat(r.get("status_code").asInt()).isEqualTo(91)));

            // one alert, about the location itself; none about the target
            List<JsonNode> degraded = alerts(cli);
            assertThat(degraded).singleElement().satisfies(a -> {
                assertThat(a.get("kind").asText()).isEqualTo("LOCATION_DEGRADED");
                assertThat(a.get("monitor").asText()).isEqualTo("location/eu-west");
                assertThat(a.get("monitor_id").asLong()).isZero();
                assertThat(a.get("status_code").asInt()).isEqualTo(91);
                assertThat(a.get("failing_locations").get(0).get("location").asText()).isEqualTo("eu-west");
                assertThat(a.get("failing_locations").get(0).get("reason").asText()).isEqualTo("refused");
            });

            // the canary answers again: two good rounds, HEALTHY, and one alert saying so
            try (OpenListener back = canaryBack()) {
                await().atMost(Duration.ofSeconds(30)).until(() -> location(cli, "eu-west").get("health").asText().equals("healthy"));
                assertThat(location(cli, "eu-west").get("canaries_connected").asInt()).isEqualTo(1);
                assertThat(Scrape.metrics(cluster.coordinator().httpAddress().orElseThrow()).value("vantage_location_degraded", "location", "eu-west"))
                        .contains(0.0);
                await().atMost(Duration.ofSeconds(10)).until(() -> alerts(cli).size() == 2);
                List<JsonNode> both = alerts(cli);
                assertThat(both).extracting(a -> a.get("kind").asText()).containsExactly("LOCATION_DEGRADED", "LOCATION_RECOVERED");
                assertThat(both.get(1).get("incident_id").asText()).isEqualTo(both.get(0).get("incident_id").asText());
                assertThat(both.get(1).get("status_code").asInt()).isZero();
                assertThat(both.get(1).get("outage_ms").asLong()).isPositive();

                // healthy again, eu-west's refusal is a target failure like any other
                RoundVerdict v = cluster.coordinator().runRoundNow("web").get(30, TimeUnit.SECONDS).orElseThrow();
                assertThat(v.verdict()).isEqualTo(Verdict.ERROR);
                assertThat(v.failing()).singleElement().satisfies(f -> assertThat(f.location()).isEqualTo("eu-west"));
                await().atMost(Duration.ofSeconds(10)).until(() -> alerts(cli).size() == 3);
                assertThat(alerts(cli).get(2).get("kind").asText()).isEqualTo("OPEN");
                assertThat(alerts(cli).get(2).get("monitor").asText()).isEqualTo("web");
            }
        }
    }

    /**
     * A DEGRADED location stays DEGRADED across a restart (the next coordinator runs no canary round of its own: what
     * it shows is what it restored) and across a failover to a standby, whose canary rounds then see the canary back:
     * one location-degraded and one location-recovered alert in all, for one incident.
     */
    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void aDegradedLocationStaysDegradedAcrossARestartAndAFailoverAndIsAlertedOnceEachWay(String storeKind) throws Exception {
        Socket standbyPortHeld = holdPort();
        int standbyPort = standbyPortHeld.getLocalPort();
        Properties settings = new Properties();
        if (storeKind.equals("postgresql")) {
            schema = TestPostgres.createSchema("vantage_canary");
            settings.putAll(TestPostgres.storeSettings(schema));
            settings.setProperty("admin.initial_token_file", dir.resolve("admin.token").toString());
        }
        settings.putAll(canarySettings());
        try (OpenListener target = OpenListener.start();
             Cluster cluster = new Cluster(dir, List.of("eu-west", "us-east"), settings)) {
            String coordinators = "127.0.0.1:" + cluster.port() + ",127.0.0.1:" + standbyPort;
            for (String location : List.of("eu-west", "us-east")) {
                cluster.startAgent(location, c -> AgentConfig.of(location, coordinators).withAgentId(c.agentId())
                        .withReconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(500))
                        .withResolve(Map.of("web.test", location.equals("eu-west") ? "127.0.0.2" : "127.0.0.1")));
            }
            Cli cli = cluster.cli();
            await().atMost(Duration.ofSeconds(30)).until(() -> location(cli, "eu-west").get("health").asText().equals("degraded"));
            String since = location(cli, "eu-west").get("health_since").asText();
            assertThat(cli.run("monitor", "create", "--name", "web", "--host", "web.test", "--port", Integer.toString(target.port()),
                    "--interval", "1h", "--timeout", "2s", "--locations", "eu-west,us-east", "--mode", "global-notify").exit()).isZero();

            // restart: the new coordinator's canary rounds are an hour apart, so it judges nothing itself
            Properties hourly = new Properties();
            hourly.setProperty("location.canary.interval", "1h");
            cluster.restartCoordinator(hourly);

            JsonNode eu = location(cli, "eu-west");
            assertThat(eu.get("health").asText()).isEqualTo("degraded");
            assertThat(eu.get("health_since").asText()).isEqualTo(since);
            Cli.Run table = cli.run("locations");
            assertThat(table.out().lines().filter(l -> l.startsWith("eu-west ")).findFirst().orElseThrow()).contains(" DEGRADED ");
            assertThat(table.out()).contains("eu-west: DEGRADED since ").contains("canaries not probed yet");
            assertThat(Scrape.metrics(cluster.coordinator().httpAddress().orElseThrow()).value("vantage_location_degraded", "location", "eu-west"))
                    .contains(1.0);
            await().atMost(Duration.ofSeconds(30)).until(() -> agentsOf(cluster.coordinator()) == 2);
            RoundVerdict v = cluster.coordinator().runRoundNow("web").get(30, TimeUnit.SECONDS).orElseThrow();
            assertThat(v.verdict()).isEqualTo(Verdict.OK);
            assertThat(v.unconfirmed()).isEmpty();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(cli.run("results", "web", "--location", "eu-west", "--json")
                    .json()).isNotEmpty().allSatisfy(r -> assertThat(r.get("status_code").asInt()).isEqualTo(91)));
            assertThat(alerts(cli)).extracting(a -> a.get("kind").asText()).containsExactly("LOCATION_DEGRADED");

            // failover: a standby with canary rounds every second takes over while the canary answers again
            CoordinatorConfig standbyConfig = cluster.coordinator().config().withListen("127.0.0.1", standbyPort)
                    .withCanaries(new CanarySettings(Map.of("eu-west", List.of(HostPort.parse(canaryAddress()))),
                            Duration.ofSeconds(1), Duration.ofMillis(500), 2, 2));
            standbyPortHeld.close();
            CompletableFuture<Coordinator> standby = CompletableFuture.supplyAsync(() -> Coordinator.start(standbyConfig));
            Cli standbyCli = Cli.withTokenFile("127.0.0.1:" + standbyPort, cluster.adminTokenFile());
            await().atMost(Duration.ofSeconds(20)).until(() -> standbyCli.run("status").err().contains("standby"));
            try (OpenListener back = canaryBack()) {
                cluster.stopCoordinator();
                try (Coordinator takenOver = standby.get(30, TimeUnit.SECONDS)) {
                    await().atMost(Duration.ofSeconds(30)).until(() -> location(standbyCli, "eu-west").get("health").asText().equals("healthy"));
                    await().atMost(Duration.ofSeconds(10)).until(() -> alerts(standbyCli).size() == 2);

                    List<JsonNode> both = alerts(standbyCli);
                    assertThat(both).extracting(a -> a.get("kind").asText()).containsExactly("LOCATION_DEGRADED", "LOCATION_RECOVERED");
                    assertThat(both.get(1).get("incident_id").asText()).isEqualTo(both.get(0).get("incident_id").asText());
                    assertThat(both.get(1).get("clear_reason").asText()).isEqualTo("recovered");
                    assertThat(both.get(1).get("first_failure_at").asText()).isEqualTo(both.get(0).get("first_failure_at").asText());
                    assertThat(location(standbyCli, "eu-west").get("health_since").asText()).isNotEqualTo(since);
                }
            }
            cluster.startCoordinator();
        }
    }

    private static int agentsOf(Coordinator coordinator) {
        return coordinator.dispatcher().loads().values().stream().mapToInt(LocationLoad::agents).sum();
    }

    @AfterEach
    void cleanUp() throws IOException {
        for (Socket s : held) {
            s.close();
        }
        if (schema != null) {
            TestPostgres.dropSchema(schema);
        }
    }
}

package dev.vantage.coordinator.e2e;

import dev.vantage.coordinator.testing.Cli;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vantage.testkit.ClosedPort;
import dev.vantage.testkit.OpenListener;
import dev.vantage.testkit.SilentTarget;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The foundation end to end: a coordinator and one agent per location, real TCP probes to
 * loopback targets, driven through the `vantage` CLI as a user would.
 */
class FoundationTest {
    @TempDir
    Path dir;
    private Cluster cluster;
    private Cli cli;

    @BeforeEach
    void start() throws InterruptedException {
        cluster = new Cluster(dir, List.of("eu-west", "us-east", "ap-south"));
        cluster.startAgent("eu-west");
        cluster.startAgent("us-east");
        cli = cluster.cli();
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private void create(String name, String host, int port, String timeout) {
        Cli.Run r = cli.run("monitor", "create", "--name", name, "--host", host, "--port", String.valueOf(port),
                "--interval", "10s", "--timeout", timeout, "--locations", "eu-west,us-east");
        assertThat(r.exit()).as(r.err()).isZero();
    }

    @Test
    void anOpenPortConnectsFromBothLocationsOnDemandAndOnSchedule() {
        try (OpenListener target = OpenListener.start()) {
            create("web", target.host(), target.port(), "2s");

            Cli.Run test = cli.run("test", "web", "--json");

            assertThat(test.exit()).as(test.err()).isZero();
            List<JsonNode> results = test.jsonLines();
            assertThat(results).extracting(r -> r.get("location").asText()).containsExactlyInAnyOrder("eu-west", "us-east");
            for (JsonNode r : results) {
                assertThat(r.get("status_code").asInt()).isZero();
                assertThat(r.get("reason").asText()).isEqualTo("none");
                assertThat(r.get("connect_ms").asDouble()).isGreaterThan(0).isLessThan(1000);
                assertThat(r.get("address").asText()).isEqualTo(target.host() + ":" + target.port());
                assertThat(r.get("agent").asText()).isEqualTo("agent-" + r.get("location").asText());
                assertThat(r.get("kind").asText()).isEqualTo("on_demand");
            }

            // the schedule (10 s interval) probes from both locations by itself
            await().atMost(Duration.ofSeconds(25)).untilAsserted(() -> {
                Cli.Run history = cli.run("results", "web", "--json");
                assertThat(history.json()).filteredOn(r -> r.get("kind").asText().equals("scheduled"))
                        .extracting(r -> r.get("location").asText()).contains("eu-west", "us-east");
            });
            Cli.Run status = cli.run("status", "--json");
            JsonNode web = status.json().get(0);
            assertThat(web.get("state").asText()).isEqualTo("UP");
            assertThat(web.get("last_results")).hasSize(2);
        }
    }

    @Test
    void aClosedPortIsRefusedFromEveryLocation() {
        ClosedPort closed = ClosedPort.find();
        create("closed", closed.host(), closed.port(), "2s");

        Cli.Run test = cli.run("test", "closed", "--json");

        assertThat(test.exit()).isEqualTo(1);
        assertThat(test.jsonLines()).hasSize(2).allSatisfy(r -> {
            assertThat(r.get("status_code").asInt()).isEqualTo(1);
            assertThat(r.get("status").asText()).isEqualTo("TCP connection failed");
            assertThat(r.get("reason").asText()).isEqualTo("refused");
        });
    }

    @Test
    void aTargetThatNeverAnswersTimesOutAfterTheMonitorsTimeout() {
        try (SilentTarget silent = SilentTarget.start()) {
            create("silent", silent.host(), silent.port(), "1s");

            long t0 = System.nanoTime();
            Cli.Run test = cli.run("test", "silent", "--json");
            Duration took = Duration.ofNanos(System.nanoTime() - t0);

            assertThat(test.exit()).isEqualTo(1);
            assertThat(test.jsonLines()).hasSize(2).allSatisfy(r -> {
                assertThat(r.get("status_code").asInt()).isEqualTo(1);
                assertThat(r.get("reason").asText()).isEqualTo("timed out");
            });
            assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(950)).isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void testOnDemandPrintsExactlyOneResultPerLocationAsATable() {
        try (OpenListener target = OpenListener.start()) {
            create("table", target.host(), target.port(), "2s");

            Cli.Run test = cli.run("test", "table");

            assertThat(test.exit()).isZero();
            List<String> rows = test.out().lines().filter(l -> l.contains("-west") || l.contains("-east")).toList();
            assertThat(rows).hasSize(2);
            assertThat(rows).anySatisfy(l -> assertThat(l).contains("eu-west").contains("OK"));
            assertThat(rows).anySatisfy(l -> assertThat(l).contains("us-east").contains("OK"));
        }
    }

    @Test
    void aLocationWithoutAgentGivesNoAgentAvailableAndTheMonitorIsUnknownNotDown() {
        try (OpenListener target = OpenListener.start()) {
            Cli.Run created = cli.run("monitor", "create", "--name", "lonely", "--host", target.host(),
                    "--port", String.valueOf(target.port()), "--interval", "10s", "--timeout", "2s", "--locations", "ap-south");
            assertThat(created.exit()).as(created.err()).isZero();

            Cli.Run test = cli.run("test", "lonely", "--json");

            assertThat(test.exit()).isEqualTo(1);
            assertThat(test.jsonLines()).singleElement().satisfies(r -> {
                assertThat(r.get("status_code").asInt()).isEqualTo(90);
                assertThat(r.get("reason").asText()).isEqualTo("no agent available");
            });
            JsonNode status = cli.run("status", "--json").json().get(0);
            assertThat(status.get("state").asText()).isEqualTo("UNKNOWN");
        }
    }

    @Test
    void locationsListTheirAgentsAndTheAddressesTheyProbeFrom() {
        Cli.Run run = cli.run("locations", "--json");

        assertThat(run.exit()).isZero();
        JsonNode locations = run.json();
        assertThat(locations).extracting(l -> l.get("name").asText()).containsExactly("ap-south", "eu-west", "us-east");
        JsonNode euWest = locations.get(1);
        assertThat(euWest.get("agents")).singleElement().satisfies(a -> {
            assertThat(a.get("agent").asText()).isEqualTo("agent-eu-west");
            assertThat(a.get("source_addresses")).isNotEmpty();
            assertThat(a.get("version").asText()).isNotBlank();
        });
        assertThat(locations.get(0).get("agents")).isEmpty();
    }

    @Test
    void monitorsCanBeListedUpdatedPausedResumedAndDeleted() {
        create("crud", "127.0.0.1", 8080, "2s");

        assertThat(cli.run("monitor", "update", "crud", "--timeout", "3s", "--port", "8081").exit()).isZero();
        JsonNode shown = cli.run("monitor", "show", "crud", "--json").json();
        assertThat(shown.get("timeout").asText()).isEqualTo("3s");
        assertThat(shown.get("port").asInt()).isEqualTo(8081);
        assertThat(shown.get("interval").asText()).isEqualTo("10s");

        assertThat(cli.run("monitor", "pause", "crud").exit()).isZero();
        assertThat(cli.run("monitor", "show", String.valueOf(shown.get("id").asLong()), "--json").json().get("paused").asBoolean()).isTrue();
        assertThat(cli.run("status", "--json").json().get(0).get("state").asText()).isEqualTo("PAUSED");
        assertThat(cli.run("monitor", "resume", "crud").exit()).isZero();

        assertThat(cli.run("monitor", "list", "--json").json()).hasSize(1);
        assertThat(cli.run("monitor", "delete", "crud").exit()).isZero();
        assertThat(cli.run("monitor", "list", "--json").json()).isEmpty();
        assertThat(cli.run("monitor", "show", "crud").exit()).isEqualTo(4);
    }
}

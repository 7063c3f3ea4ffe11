package dev.vantage.coordinator.e2e;

import dev.vantage.coordinator.testing.Cli;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vantage.testkit.OpenListener;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every long-running piece survives its peers restarting. */
class RestartTest {
    @TempDir
    Path dir;

    @Test
    void aRestartedCoordinatorKeepsMonitorsAndResultsAndItsAgentsComeBack() throws Exception {
        try (OpenListener target = OpenListener.start(); Cluster cluster = new Cluster(dir, List.of("eu-west", "us-east"))) {
            Cli cli = agentsAndAMonitorOn(cluster, target);
            assertThat(cli.run("test", "web").exit()).isZero();
            long welcomesBefore = cluster.agent("eu-west").welcomes();

            cluster.stopCoordinator();
            await().atMost(Duration.ofSeconds(10)).until(() -> !cluster.agent("eu-west").isConnected());
            cluster.startCoordinator();

            JsonNode monitors = cli.run("monitor", "list", "--json").json();
            assertThat(monitors).singleElement().satisfies(m -> assertThat(m.get("name").asText()).isEqualTo("web"));
            JsonNode history = cli.run("results", "web", "--json").json();
            assertThat(history).filteredOn(r -> r.get("kind").asText().equals("on_demand")).hasSize(2);
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    cluster.agent("eu-west").welcomes() > welcomesBefore && cluster.agent("us-east").isConnected()
                            && cluster.agent("eu-west").isConnected());
            Cli.Run again = cli.run("test", "web", "--json");
            assertThat(again.exit()).as(again.out() + again.err()).isZero();
            assertThat(again.jsonLines()).hasSize(2);
        }
    }

    @Test
    void anAgentThatRestartsRejoinsItsLocation() throws Exception {
        try (OpenListener target = OpenListener.start(); Cluster cluster = new Cluster(dir, List.of("eu-west", "us-east"))) {
            Cli cli = agentsAndAMonitorOn(cluster, target);

            cluster.stopAgent("us-east");
            await().atMost(Duration.ofSeconds(10)).until(() -> agentsOf(cli, "us-east") == 0);
            Cli.Run without = cli.run("test", "web", "--json");
            assertThat(without.exit()).isEqualTo(1);
            assertThat(without.jsonLines()).anySatisfy(r -> {
                assertThat(r.get("location").asText()).isEqualTo("us-east");
                assertThat(r.get("status_code").asInt()).isEqualTo(90);
            });

            cluster.startAgent("us-east");
            assertThat(agentsOf(cli, "us-east")).isEqualTo(1);
            assertThat(cli.run("test", "web").exit()).isZero();
        }
    }

    /** Given: an agent in each location and a monitor "web" on the target. */
    private static Cli agentsAndAMonitorOn(Cluster cluster, OpenListener target) throws InterruptedException {
        cluster.startAgent("eu-west");
        cluster.startAgent("us-east");
        Cli cli = cluster.cli();
        assertThat(cli.run("monitor", "create", "--name", "web", "--host", target.host(), "--port", String.valueOf(target.port()),
                "--interval", "10s", "--timeout", "2s").exit()).isZero();
        return cli;
    }

    private static int agentsOf(Cli cli, String location) {
        for (JsonNode l : cli.run("locations", "--json").json()) {
            if (l.get("name").asText().equals(location)) {
                return l.get("agents").size();
            }
        }
        throw new AssertionError("no location " + location);
    }
}

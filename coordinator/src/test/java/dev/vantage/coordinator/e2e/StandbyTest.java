package dev.vantage.coordinator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vantage.agent.config.AgentConfig;
import dev.vantage.common.model.Monitor;
import dev.vantage.common.model.MonitorSpec;
import dev.vantage.common.model.ProbeResult;
import dev.vantage.common.model.ResultKind;
import dev.vantage.coordinator.Coordinator;
import dev.vantage.coordinator.config.CoordinatorConfig;
import dev.vantage.coordinator.dispatch.LocationLoad;
import dev.vantage.coordinator.store.ResultQuery;
import dev.vantage.coordinator.store.Store;
import dev.vantage.coordinator.testing.Cli;
import dev.vantage.testkit.ClosedPort;
import dev.vantage.testkit.OpenListener;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two coordinators on one SQLite store (its file lock): the second is a hot standby that neither schedules
 * nor serves until the first stops (its port says it is a standby), then takes over with every monitor
 * (two active ones would probe and alert twice), and agents given both addresses follow it.
 */
class StandbyTest {
    @TempDir
    Path dir;

    @Test
    void aSecondCoordinatorOnTheSameStoreWaitsAndTakesOverWhenTheFirstStops() throws Exception {
        try (Cluster active = new Cluster(dir, List.of("eu-west", "us-east"))) {
            Cli cli = active.cli();
            assertThat(cli.run("monitor", "create", "--name", "web", "--host", "127.0.0.1", "--port", "80",
                    "--interval", "60s", "--timeout", "5s").exit()).isZero();
            CoordinatorConfig standbyConfig = active.coordinator().config().withListen("127.0.0.1", 0);

            CompletableFuture<Coordinator> standby = CompletableFuture.supplyAsync(() -> Coordinator.start(standbyConfig));
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> !standby.isDone());

            active.stopCoordinator();

            try (Coordinator takenOver = standby.get(20, TimeUnit.SECONDS)) {
                Cli.Run list = Cli.withTokenFile("127.0.0.1:" + takenOver.port(), active.adminTokenFile()).run("monitor", "list", "--json");
                assertThat(list.json()).singleElement().satisfies(m -> assertThat(m.get("name").asText()).isEqualTo("web"));
            }
            active.startCoordinator();
        }
    }

    @Test
    void agentsGivenBothAddressesFollowTheStandbyThatTakesOverAndNoRoundIsStoredTwice() throws Exception {
        try (OpenListener target = OpenListener.start(); Cluster active = new Cluster(dir, List.of("eu-west", "us-east"))) {
            int standbyPort = ClosedPort.find().port();
            CoordinatorConfig standbyConfig = active.coordinator().config().withListen("127.0.0.1", standbyPort);
            CompletableFuture<Coordinator> standby = CompletableFuture.supplyAsync(() -> Coordinator.start(standbyConfig));
            Cli standbyCli = Cli.withTokenFile("127.0.0.1:" + standbyPort, active.adminTokenFile());
            await().atMost(Duration.ofSeconds(20)).until(() -> standbyCli.run("status").err().contains("standby"));
            Cli.Run refused = standbyCli.run("status");
            assertThat(refused.exit()).isEqualTo(3);
            assertThat(refused.err()).contains("error: the coordinator at 127.0.0.1:" + standbyPort
                    + " is a standby: another coordinator is active on this store");

            Monitor web = active.coordinator().catalog().create(new MonitorSpec("web", "127.0.0.1", target.port(), Duration.ofSeconds(10),
                    Duration.ofSeconds(2), List.of("eu-west", "us-east")));
            String both = "127.0.0.1:" + active.port() + ",127.0.0.1:" + standbyPort;
            for (String location : List.of("eu-west", "us-east")) {
                active.startAgent(location, c -> AgentConfig.of(location, both).withAgentId(c.agentId())
                        .withReconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(500)));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> scheduled(active.coordinator().store(), web).size() >= 2);

            active.stopCoordinator();

            try (Coordinator takenOver = standby.get(20, TimeUnit.SECONDS)) {
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> takenOver.dispatcher().loads().values().stream().mapToInt(LocationLoad::agents).sum() == 2);
                long firstJobOfTheNewEpoch = takenOver.dispatcher().newJobId();
                await().atMost(Duration.ofSeconds(30)).until(() -> scheduled(takenOver.store(), web).stream()
                        .filter(r -> r.jobId() > firstJobOfTheNewEpoch).map(ProbeResult::location).distinct().count() == 2);

                List<ProbeResult> rounds = takenOver.store().results(ResultQuery.newest(web.id(), 1000)).stream()
                        .filter(r -> r.kind() == ResultKind.SCHEDULED || r.kind() == ResultKind.LATE).toList();
                assertThat(rounds).extracting(r -> r.location() + "@" + r.dueAt()).doesNotHaveDuplicates();
                assertThat(rounds).extracting(ProbeResult::jobId).doesNotHaveDuplicates();
            }
            active.startCoordinator();
        }
    }

    private static List<ProbeResult> scheduled(Store store, Monitor m) {
        return store.results(ResultQuery.newest(m.id(), 1000)).stream().filter(r -> r.kind() == ResultKind.SCHEDULED).toList();
    }
}

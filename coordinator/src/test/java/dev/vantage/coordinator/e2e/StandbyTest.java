package dev.vantage.coordinator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vantage.coordinator.Coordinator;
import dev.vantage.coordinator.config.CoordinatorConfig;
import dev.vantage.coordinator.testing.Cli;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two coordinators on one store: the second is a hot standby that neither schedules nor serves until
 * the first stops, then takes over with every monitor (two active ones would probe and alert twice).
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
}

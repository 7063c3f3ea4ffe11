package dev.vantage.coordinator.e2e;

import static dev.vantage.coordinator.testing.TestPostgres.PASSWORD;
import static dev.vantage.coordinator.testing.TestPostgres.URL;
import static dev.vantage.coordinator.testing.TestPostgres.USER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vantage.agent.Agent;
import dev.vantage.agent.config.AgentConfig;
import dev.vantage.common.model.MonitorSpec;
import dev.vantage.coordinator.Coordinator;
import dev.vantage.coordinator.config.CoordinatorConfig;
import dev.vantage.coordinator.dispatch.LocationLoad;
import dev.vantage.coordinator.testing.TestPostgres;
import dev.vantage.testkit.ClosedPort;
import dev.vantage.testkit.OpenListener;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two coordinators on one PostgreSQL (a schema of this test's own), agents given both addresses, real gRPC
 * and real probes on loopback: the active coordinator's database sessions are ended with
 * {@code pg_terminate_backend} while rounds run. It must step down before the standby schedules anything,
 * the standby takes over, the agents follow it, and no round or job id is ever stored twice.
 */
class FailoverTest {
    private static final List<String> LOCATIONS = List.of("eu-west", "us-east");
    private static final int MONITORS = 20;

    @TempDir
    Path dir;
    private final String schema = "vantage_failover_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
    private final List<AutoCloseable> running = new ArrayList<>();
    private CompletableFuture<Coordinator> standby;

    @BeforeEach
    void createSchema() throws SQLException {
        TestPostgres.execute("CREATE SCHEMA " + schema);
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (int i = running.size() - 1; i >= 0; i--) {
            running.get(i).close();
        }
        if (standby != null && !running.contains(standby.getNow(null))) {
            standby.get(30, TimeUnit.SECONDS).close(); // the test failed before it took over
        }
        TestPostgres.execute("DROP SCHEMA " + schema + " CASCADE");
    }

    @Test
    void theStandbyTakesOverFromACoordinatorWhoseSessionsEndedAndNoRoundIsStoredTwice() throws Exception {
        int portA = ClosedPort.find().port();
        int portB = ClosedPort.find().port();
        OpenListener target = OpenListener.start();
        running.add(target);
        Coordinator a = Coordinator.start(config("vantage-a", portA));
        running.add(a);
        standby = CompletableFuture.supplyAsync(() -> Coordinator.start(config("vantage-b", portB)));
        for (int i = 0; i < MONITORS; i++) {
            a.catalog().create(new MonitorSpec("m" + i, "127.0.0.1", target.port(), Duration.ofSeconds(10), Duration.ofSeconds(2), LOCATIONS));
        }
        for (String location : LOCATIONS) {
            running.add(Agent.start(AgentConfig.of(location, "127.0.0.1:" + portA + ",127.0.0.1:" + portB)
                    .withAgentId("agent-" + location).withReconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(500))));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(DISTINCT monitor_id) FROM results") == MONITORS);
        assertThat(standby).isNotDone();

        long terminated = count("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'vantage-a'");

        assertThat(terminated).isPositive();
        await().atMost(Duration.ofSeconds(10)).until(a::lostLock);
        Coordinator b = standby.get(30, TimeUnit.SECONDS);
        running.add(b);
        long epochB = count("SELECT epoch FROM coordinator_epoch");
        await().atMost(Duration.ofSeconds(30)).until(() -> b.dispatcher().loads().values().stream().mapToInt(LocationLoad::agents).sum() == 2);
        // Every monitor runs at least one regular round under the new coordinator, from both locations.
        await().atMost(Duration.ofSeconds(40)).until(() -> count("SELECT count(*) FROM (SELECT monitor_id FROM results WHERE kind = 'SCHEDULED'"
                + " AND job_id >= " + (epochB << 40) + " GROUP BY monitor_id HAVING count(DISTINCT location) = 2) t") == MONITORS);

        assertThat(count("SELECT count(*) FROM (SELECT monitor_id, location, due_at FROM results WHERE kind IN ('SCHEDULED', 'LATE')"
                + " GROUP BY monitor_id, location, due_at HAVING count(*) > 1) t")).as("rounds stored twice").isZero();
        assertThat(count("SELECT count(*) FROM (SELECT job_id FROM results GROUP BY job_id HAVING count(*) > 1) t"))
                .as("job ids stored twice").isZero();
        assertThat(count("SELECT count(*) FROM (SELECT monitor_id, location FROM results WHERE kind = 'LATE'"
                + " GROUP BY monitor_id, location HAVING count(*) > 1) t")).as("more than one catch-up round").isZero();
        // Nothing the old coordinator dispatched after the new one became active was stored: its writes are fenced.
        assertThat(count("SELECT count(*) FROM results WHERE job_id < " + (epochB << 40) + " AND due_at > "
                + "(SELECT min(due_at) FROM results WHERE job_id >= " + (epochB << 40) + ")")).isZero();
    }

    private CoordinatorConfig config(String name, int port) {
        Properties p = new Properties();
        p.setProperty("store.url", URL + "?currentSchema=" + schema + "&ApplicationName=" + name);
        p.setProperty("store.user", USER);
        p.setProperty("store.password", PASSWORD);
        p.setProperty("locations", String.join(",", LOCATIONS));
        p.setProperty("http.listen", "off");
        p.setProperty("admin.initial_token_file", dir.resolve(name + ".token").toString());
        return CoordinatorConfig.fromProperties(p).withListen("127.0.0.1", port);
    }

    private long count(String query) throws SQLException {
        try (Connection c = DriverManager.getConnection(URL + "?currentSchema=" + schema, USER, PASSWORD)) {
            return TestPostgres.count(c, query);
        }
    }
}

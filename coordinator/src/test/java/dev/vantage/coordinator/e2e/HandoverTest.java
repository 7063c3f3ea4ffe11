package dev.vantage.coordinator.e2e;

import static dev.vantage.coordinator.testing.TestPostgres.PASSWORD;
import static dev.vantage.coordinator.testing.TestPostgres.URL;
import static dev.vantage.coordinator.testing.TestPostgres.USER;
import static dev.vantage.coordinator.testing.TestPostgres.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vantage.agent.Agent;
import dev.vantage.agent.config.AgentConfig;
import dev.vantage.coordinator.testing.ChildJvm;
import dev.vantage.coordinator.testing.Cli;
import dev.vantage.coordinator.testing.TestPostgres;
import dev.vantage.testkit.ClosedPort;
import dev.vantage.testkit.OpenListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A planned handover between real coordinator processes on one store, a hot standby waiting and agents given both
 * addresses: the active coordinator gets SIGTERM (a restart, a rolling deploy). It stops dispatching, stores its
 * results, records that its epoch ended cleanly and only then lets go of the lock, so the standby takes over without
 * waiting out the lease, and every round is stored once: none twice, none missing (a round due while neither was
 * active runs once, late). A coordinator killed with SIGKILL leaves its epoch unreleased: the standby waits.
 */
class HandoverTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration INTERVAL = Duration.ofSeconds(10);
    private static final List<String> LOCATIONS = List.of("eu-west", "us-east");
    private static final int MONITORS = 5;

    @TempDir
    Path dir;
    private final List<AutoCloseable> running = new ArrayList<>();
    private String schema;

    @AfterEach
    void cleanUp() throws Exception {
        for (int i = running.size() - 1; i >= 0; i--) {
            running.get(i).close();
        }
        if (schema != null) {
            TestPostgres.execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    @Test
    void onPostgresqlTheStandbyTakesOverFromACoordinatorStoppedWithSigtermWithoutWaitingOutTheLease() throws Exception {
        String url = postgresSchema();

        handsOverOnSigterm("store.url=" + url + "\nstore.user=" + USER + "\nstore.password=" + PASSWORD + "\n",
                () -> DriverManager.getConnection(url, USER, PASSWORD));
    }

    @Test
    void onSqliteTheStandbyTakesOverFromACoordinatorStoppedWithSigterm() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("vantage.db");

        handsOverOnSigterm("store.url=" + url + "\n", () -> DriverManager.getConnection(url));
    }

    @Test
    void onPostgresqlACoordinatorKilledWithSigkillLeavesItsEpochUnreleasedAndTheStandbyWaitsOutTheLease() throws Exception {
        String url = postgresSchema();
        String store = "store.url=" + url + "\nstore.user=" + USER + "\nstore.password=" + PASSWORD + "\n";
        ChildJvm a = start("a", ClosedPort.find().port(), store);
        await().atMost(WAIT).until(() -> a.log().contains("coordinator listening on"));
        ChildJvm b = start("b", ClosedPort.find().port(), store);
        await().atMost(WAIT).until(() -> b.log().contains("standby: another coordinator is active"));

        a.kill();

        await().atMost(WAIT).until(() -> b.log().contains("active coordinator epoch=2"));
        assertThat(b.log()).contains("previous coordinator did not release epoch 1 (it crashed or lost its store session): "
                + "waiting 3000 ms for its lease to run out").doesNotContain("released epoch 1 cleanly");
        try (Connection db = DriverManager.getConnection(url, USER, PASSWORD)) {
            assertThat(count(db, "SELECT epoch FROM coordinator_epoch WHERE released_at IS NULL")).isEqualTo(2);
        }
    }

    @FunctionalInterface
    private interface Db {
        Connection open() throws SQLException;
    }

    private void handsOverOnSigterm(String store, Db db) throws Exception {
        OpenListener target = OpenListener.start();
        running.add(target);
        int portA = ClosedPort.find().port();
        int portB = ClosedPort.find().port();
        ChildJvm a = start("a", portA, store);
        await().atMost(WAIT).until(() -> a.log().contains("coordinator listening on"));
        ChildJvm b = start("b", portB, store);
        await().atMost(WAIT).until(() -> b.log().contains("standby: another coordinator is active"));
        Cli cli = Cli.withTokenFile("127.0.0.1:" + portA, dir.resolve("admin.token"));
        for (int i = 0; i < MONITORS; i++) {
            Cli.Run created = cli.run("monitor", "create", "--name", "m" + i, "--host", target.host(), "--port",
                    String.valueOf(target.port()), "--interval", "10s", "--timeout", "1s");
            assertThat(created.exit()).as(created.toString()).isZero();
        }
        List<Agent> agents = new ArrayList<>();
        for (String location : LOCATIONS) {
            Agent agent = Agent.start(AgentConfig.of(location, "127.0.0.1:" + portA + ",127.0.0.1:" + portB)
                    .withAgentId("agent-" + location).withReconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(500)));
            running.add(agent);
            agents.add(agent);
        }
        try (Connection c = db.open()) {
            await().atMost(WAIT).until(() -> roundsFromEveryLocation(c, 0) == MONITORS);

            // when: the active coordinator is stopped as a service manager stops it
            int exit = a.terminate();

            // then: it handed over cleanly, and the standby took over at once
            assertThat(exit).as(a.log()).isEqualTo(143);
            assertThat(a.log()).contains("released the store: epoch 1 ended cleanly; a standby takes over without waiting out the lease");
            await().atMost(WAIT).until(() -> b.log().contains("active coordinator epoch=2"));
            assertThat(b.log()).contains("previous coordinator released epoch 1 cleanly: taking over without waiting out its lease")
                    .doesNotContain("waiting 3000 ms for its lease");
            assertThat(count(c, "SELECT epoch FROM coordinator_epoch WHERE released_at IS NULL")).isEqualTo(2);
            await().atMost(WAIT).until(() -> agents.stream().allMatch(ag -> ag.isConnected() && ag.welcomes() >= 2));
            // every monitor runs a whole round under the standby
            await().atMost(WAIT).until(() -> roundsFromEveryLocation(c, 2L << 40) == MONITORS);

            // every probe the agents made (a connection the target accepted) is stored once
            await().atMost(WAIT).until(() -> {
                long produced = target.accepted();
                return agents.stream().allMatch(ag -> ag.isConnected() && ag.resultsWaiting() == 0)
                        && count(c, "SELECT count(*) FROM results WHERE agent_id <> ''") == produced;
            });
            assertThat(count(c, "SELECT count(*) FROM (SELECT 1 FROM results GROUP BY monitor_id, location, due_at, kind"
                    + " HAVING count(*) > 1) twice")).as("results stored twice").isZero();
            assertNoRoundMissing(c);
        }
    }

    /** Monitors with a scheduled result from every location in a job of an epoch from {@code firstJobId} on. */
    private static long roundsFromEveryLocation(Connection c, long firstJobId) throws SQLException {
        return count(c, "SELECT count(*) FROM (SELECT monitor_id FROM results WHERE kind = 'SCHEDULED' AND job_id >= " + firstJobId
                + " GROUP BY monitor_id HAVING count(DISTINCT location) = " + LOCATIONS.size() + ") rounds");
    }

    /**
     * Each monitor and location has a scheduled result on every beat from its first to its last, but for rounds due
     * while no coordinator was active: each of those is stood in for by one catch-up ({@code LATE}) round, and there
     * is at most one of them.
     */
    private static void assertNoRoundMissing(Connection c) throws SQLException {
        Map<String, List<Long>> scheduled = new HashMap<>();
        Map<String, Integer> late = new HashMap<>();
        try (Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("SELECT monitor_id, location, due_at, kind FROM results"
                        + " WHERE kind IN ('SCHEDULED', 'LATE') ORDER BY due_at")) {
            while (rows.next()) {
                String key = rows.getLong(1) + "@" + rows.getString(2);
                if (rows.getString(4).equals("LATE")) {
                    late.merge(key, 1, Integer::sum);
                } else {
                    scheduled.computeIfAbsent(key, k -> new ArrayList<>()).add(rows.getLong(3));
                }
            }
        }
        assertThat(scheduled).hasSize(MONITORS * LOCATIONS.size());
        scheduled.forEach((key, dues) -> {
            long beats = (dues.get(dues.size() - 1) - dues.get(0)) / INTERVAL.toMillis() + 1;
            int lateRounds = late.getOrDefault(key, 0);
            assertThat(lateRounds).as("catch-up rounds of %s", key).isLessThanOrEqualTo(1);
            assertThat(dues.size() + lateRounds).as("rounds of %s: scheduled at %s, %d late", key, dues, lateRounds).isEqualTo(beats);
        });
    }

    private ChildJvm start(String name, int port, String store) throws Exception {
        Path config = Files.writeString(dir.resolve(name + ".properties"), "listen=127.0.0.1:" + port + "\n" + store
                + "locations=" + String.join(",", LOCATIONS) + "\ndefault.locations=" + String.join(",", LOCATIONS)
                + "\nhttp.listen=off\nadmin.initial_token_file=" + dir.resolve("admin.token") + "\n");
        ChildJvm p = ChildJvm.start("coordinator " + name, dir.resolve(name + ".log"), List.of("-Xmx256m"),
                "dev.vantage.coordinator.cli.VantageCli", List.of("coordinator", "--config", config.toString()));
        running.add(p);
        return p;
    }

    private String postgresSchema() throws SQLException {
        schema = "vantage_handover_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        TestPostgres.execute("CREATE SCHEMA " + schema);
        return URL + "?currentSchema=" + schema;
    }
}

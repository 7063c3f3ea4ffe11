package dev.vantage.coordinator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vantage.agent.Agent;
import dev.vantage.agent.config.AgentConfig;
import dev.vantage.agent.config.ResultBuffering;
import dev.vantage.common.model.ProbeResult;
import dev.vantage.common.model.StatusCode;
import dev.vantage.coordinator.store.ResultQuery;
import dev.vantage.coordinator.testing.Cli;
import dev.vantage.testkit.OpenListener;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every result an agent produced is stored exactly once, whatever happens to the link or the
 * coordinator in between: agents keep each result until the coordinator acknowledges it as stored
 * and send it again after reconnecting; the store keeps one row per result identity.
 * Every probe of these agents connects to one {@link OpenListener}, so its count of accepted
 * connections is the number of results the agents produced.
 */
class NothingLostTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private static AgentConfig agentConfig(String location, int port) {
        return AgentConfig.of(location, "127.0.0.1:" + port).withAgentId("agent-" + location)
                .withReconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(500));
    }

    @Test
    void anAgentCutOffForLongerThanARoundDeliversEverythingAfterItReconnects() throws Exception {
        try (OpenListener target = OpenListener.start(); Cluster cluster = new Cluster(dir, List.of("eu-west"));
             CuttableLink link = new CuttableLink(cluster.port());
             Agent agent = Agent.start(agentConfig("eu-west", link.port()))) {
            assertThat(agent.awaitConnected(Duration.ofSeconds(20))).isTrue();
            Cli cli = cluster.cli();
            List<Long> monitors = new ArrayList<>();
            for (String name : List.of("a", "b", "c")) {
                Cli.Run created = cli.run("monitor", "create", "--name", name, "--host", target.host(), "--port",
                        String.valueOf(target.port()), "--interval", "10s", "--timeout", "1s", "--json");
                assertThat(created.exit()).as(created.toString()).isZero();
                monitors.add(created.json().get("id").asLong());
            }

            // given: the link loses whatever the agent sends; jobs still reach it
            link.dropUpstream();
            for (String name : List.of("a", "b", "c")) {
                cluster.coordinator().runRoundNow(name);
            }
            await().atMost(WAIT).until(() -> agent.resultsWaiting() >= 3);
            // the cut lasts until the coordinator has given up on those probes (1 s timeout + 10 s): longer than a round
            await().atMost(WAIT).until(() -> monitors.stream().allMatch(id -> stored(cluster, id).stream()
                    .anyMatch(r -> r.outcome().status() == StatusCode.NO_AGENT_AVAILABLE)));

            // when: the link breaks for good and the agent reconnects
            link.reset();
            await().atMost(WAIT).until(() -> agent.welcomes() >= 2);

            // then: every probe the agent made is stored once, and its answers replaced the "no agent" rows
            List<ProbeResult> rows = awaitEveryProbeStored(cluster, agent, target, monitors);
            assertThat(rows).allSatisfy(r -> {
                assertThat(r.agentId()).isEqualTo("agent-eu-west");
                assertThat(r.outcome().status()).isEqualTo(StatusCode.OK);
            });
            assertThat(rows.stream().map(r -> r.monitorId() + "/" + r.dueAt() + "/" + r.kind()).distinct().count()).isEqualTo(rows.size());
        }
    }

    @Test
    void anAgentRestartedWithASpillDirectoryDeliversTheResultsItHadNotHadAcknowledged() throws Exception {
        try (OpenListener target = OpenListener.start(); Cluster cluster = new Cluster(dir, List.of("eu-west"));
             CuttableLink link = new CuttableLink(cluster.port())) {
            AgentConfig config = agentConfig("eu-west", link.port())
                    .withBuffering(new ResultBuffering(1000, Optional.of(dir.resolve("spill"))));
            Cli cli = cluster.cli();
            long id;
            try (Agent first = Agent.start(config)) {
                assertThat(first.awaitConnected(Duration.ofSeconds(20))).isTrue();
                Cli.Run created = cli.run("monitor", "create", "--name", "web", "--host", target.host(), "--port",
                        String.valueOf(target.port()), "--interval", "10s", "--timeout", "1s", "--json");
                assertThat(created.exit()).as(created.toString()).isZero();
                id = created.json().get("id").asLong();
                // given: the agent's results never reach the coordinator
                link.dropUpstream();
                cluster.coordinator().runRoundNow("web");
                await().atMost(WAIT).until(() -> first.resultsWaiting() >= 1);
            }
            // ... until the coordinator has given up on that probe (so it is not handed to the next agent again)
            await().atMost(WAIT).until(() -> stored(cluster, id).stream().anyMatch(r -> r.outcome().status() == StatusCode.NO_AGENT_AVAILABLE));

            // when: the agent is restarted (its link works again) with the same spill directory
            link.reset();
            try (Agent second = Agent.start(config)) {
                // then: what the first one produced is stored, once
                List<ProbeResult> rows = awaitEveryProbeStored(cluster, second, target, List.of(id));
                assertThat(rows).isNotEmpty().allSatisfy(r -> {
                    assertThat(r.agentId()).isEqualTo("agent-eu-west");
                    assertThat(r.outcome().status()).isEqualTo(StatusCode.OK);
                });
            }
        }
    }

    @Test
    void aCoordinatorKilledWhileResultsAreInFlightStoresEveryResultOnceAfterItsRestart() throws Exception {
        int port = freePort();
        Path config = Files.writeString(dir.resolve("coordinator.properties"), String.join("\n",
                "listen=127.0.0.1:" + port,
                "store.url=jdbc:sqlite:" + dir.resolve("vantage.db"),
                "locations=eu-west,us-east",
                "default.locations=eu-west,us-east",
                "http.listen=off",
                ""));
        Process coordinator = startCoordinator(config);
        try (OpenListener target = OpenListener.start();
             Agent eu = Agent.start(agentConfig("eu-west", port));
             Agent us = Agent.start(agentConfig("us-east", port))) {
            assertThat(eu.awaitConnected(WAIT) && us.awaitConnected(WAIT)).isTrue();
            Cli cli = Cli.withTokenFile("127.0.0.1:" + port, dir.resolve("admin.token"));
            for (int i = 0; i < 20; i++) {
                Cli.Run created = cli.run("monitor", "create", "--name", "m" + i, "--host", target.host(), "--port",
                        String.valueOf(target.port()), "--interval", "10s", "--timeout", "1s");
                assertThat(created.exit()).as(created.toString()).isZero();
            }

            for (int kill = 0; kill < 3; kill++) {
                // when: an agent holds results the coordinator has not acknowledged, the coordinator dies
                await().atMost(WAIT).pollInterval(Duration.ofMillis(1)).until(() -> eu.resultsWaiting() + us.resultsWaiting() > 0);
                coordinator.destroyForcibly();
                assertThat(coordinator.waitFor(30, TimeUnit.SECONDS)).isTrue();
                long welcomes = eu.welcomes() + us.welcomes();
                coordinator = startCoordinator(config);
                await().atMost(WAIT).until(() -> eu.welcomes() + us.welcomes() >= welcomes + 2);
            }
            // then: every result the agents produced (every connection the target accepted) is stored, once. Rounds go on,
            // so this holds whenever nothing is on its way; a lost result would keep the two counts apart for good.
            try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("vantage.db"))) {
                await().atMost(WAIT).until(() -> {
                    long produced = target.accepted();
                    return eu.isConnected() && us.isConnected() && eu.resultsWaiting() + us.resultsWaiting() == 0
                            && count(db, "SELECT COUNT(*) FROM results WHERE agent_id <> ''") == produced;
                });
                assertThat(count(db, "SELECT COUNT(*) FROM (SELECT 1 FROM results GROUP BY monitor_id, location, due_at, kind"
                        + " HAVING COUNT(*) > 1) AS twice")).isZero();
            }
        } finally {
            coordinator.destroyForcibly();
            coordinator.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /**
     * Rounds go on while the test reads, so a probe the target has accepted may not have reached the agent's buffer
     * yet: wait until nothing is on its way and the stored rows match the target's count of connections. A lost
     * result keeps the two apart for good, so this times out rather than passes.
     */
    private static List<ProbeResult> awaitEveryProbeStored(Cluster cluster, Agent agent, OpenListener target, List<Long> monitors) {
        List<ProbeResult> rows = new ArrayList<>();
        await().atMost(WAIT).untilAsserted(() -> {
            long produced = target.accepted();
            assertThat(agent.isConnected()).as("agent connected").isTrue();
            assertThat(agent.resultsWaiting()).as("results waiting for an acknowledgement").isZero();
            cluster.coordinator().results().flush();
            rows.clear();
            monitors.forEach(id -> rows.addAll(stored(cluster, id)));
            assertThat((long) rows.size()).as("rows stored against connections the target accepted").isEqualTo(produced);
        });
        return rows;
    }

    private static List<ProbeResult> stored(Cluster cluster, long monitorId) {
        return cluster.coordinator().store().results(ResultQuery.newest(monitorId, 1000));
    }

    private static long count(Connection db, String sql) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet rows = s.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** `vantage coordinator` as its own process on this build's classes; waits until it serves. */
    private Process startCoordinator(Path config) throws IOException {
        Path log = dir.resolve("coordinator-" + System.nanoTime() + ".log");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Xmx256m",
                "dev.vantage.coordinator.cli.VantageCli", "coordinator", "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        await().atMost(WAIT).until(() -> !p.isAlive() || Files.readString(log).contains("coordinator listening on"));
        assertThat(p.isAlive()).as("coordinator started: %s", Files.readString(log)).isTrue();
        return p;
    }
}

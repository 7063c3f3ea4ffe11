package dev.vantage.coordinator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vantage.common.model.Monitor;
import dev.vantage.common.model.MonitorSpec;
import dev.vantage.coordinator.alert.WebhookReceiver;
import dev.vantage.coordinator.decide.Verdict;
import dev.vantage.coordinator.store.Store;
import dev.vantage.coordinator.store.StoreConfig;
import dev.vantage.coordinator.store.StoreFactory;
import dev.vantage.coordinator.testing.Cli;
import dev.vantage.testkit.ClosedPort;
import dev.vantage.testkit.OpenListener;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The schedule keeps its promise and incidents always end, end to end: a coordinator with a webhook
 * channel, real agents in two locations, real TCP targets on loopback and the CLI. Rounds are
 * started with {@link dev.vantage.coordinator.Coordinator#runRoundNow} (monitors use a 1h interval).
 */
class IncidentLifecycleTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    private final WebhookReceiver hook = new WebhookReceiver();
    private Cluster cluster;
    private Cli cli;

    @BeforeEach
    void start() {
        cluster = new Cluster(dir, List.of("eu-west", "us-east"), hook.channelSettings("hook"));
        cli = cluster.cli();
    }

    @AfterEach
    void stop() {
        cluster.close();
        hook.close();
    }

    private List<JsonNode> hookBodies() {
        return hook.accepted().stream().map(r -> r.json()).toList();
    }

    private List<String> hookKinds() {
        return hookBodies().stream().map(b -> b.get("kind").asText()
                + (b.has("clear_reason") ? " " + b.get("clear_reason").asText() : "")).toList();
    }

    /** Given: agents in both locations and monitor "web" (global-notify) of a closed port, whose open alert was delivered. */
    private void openIncidentOfAClosedPort() throws InterruptedException {
        cluster.startAgent("eu-west");
        cluster.startAgent("us-east");
        ClosedPort target = ClosedPort.find();
        cluster.createMonitor("web", target.host(), target.port(), "--mode", "global-notify");
        assertThat(cluster.round("web").verdict()).isEqualTo(Verdict.ERROR);
        await().atMost(WAIT).untilAsserted(() -> assertThat(hookKinds()).containsExactly("open"));
    }

    @Test
    void aMonitorWhoseRoundCannotFitItsIntervalIsRefusedWithTheArithmeticOnCreateAndUpdate() {
        Cli.Run created = cli.run("monitor", "create", "--name", "web", "--host", "127.0.0.1", "--port", "80",
                "--interval", "10s", "--timeout", "5s", "--locations", "eu-west,us-east");

        assertThat(created.exit()).isEqualTo(2);
        assertThat(created.err().strip()).isEqualTo("error: timeout: a round can take up to 3 × 5s = 15s (first try, retry, "
                + "verification), which does not fit in the interval 10s; raise --interval to at least 16s, or lower --timeout to at most 3s");
        assertThat(cli.run("monitor", "list", "--json").json()).isEmpty();

        assertThat(cli.run("monitor", "create", "--name", "web", "--host", "127.0.0.1", "--port", "80",
                "--interval", "10s", "--timeout", "3s", "--mode", "global-notify").exit()).isZero();
        Cli.Run updated = cli.run("monitor", "update", "web", "--timeout", "5s");

        assertThat(updated.exit()).isEqualTo(2);
        assertThat(updated.err().strip()).isEqualTo("error: timeout: a round can take up to 2 × 5s = 10s (first try, retry), which "
                + "does not fit in the interval 10s; raise --interval to at least 11s, lower --timeout to at most 4s, or use --no-retry");
        assertThat(cli.run("monitor", "show", "web", "--json").json().get("timeout").asText()).isEqualTo("3s");
        assertThat(cli.run("monitor", "update", "web", "--timeout", "5s", "--no-retry").exit()).isZero();
    }

    @Test
    void deletingAMonitorWithAnOpenIncidentSendsExactlyOneClearWithReasonDeleted() throws Exception {
        openIncidentOfAClosedPort();

        assertThat(cli.run("monitor", "delete", "web").exit()).isZero();

        await().atMost(WAIT).untilAsserted(() -> assertThat(hookKinds()).containsExactly("open", "clear deleted"));
        String incident = hookBodies().get(0).get("incident_id").asText();
        assertThat(hookBodies().get(1).get("incident_id").asText()).isEqualTo(incident);
        JsonNode incidents = cli.run("incidents", "--json").json();
        assertThat(incidents).hasSize(1);
        assertThat(incidents.get(0).get("incident_id").asText()).isEqualTo(incident);
        assertThat(incidents.get(0).get("clear_reason").asText()).isEqualTo("deleted");
        assertThat(incidents.get(0).get("cleared_at").isNull()).isFalse();
        assertThat(cli.run("incidents").out().lines().toList()).anyMatch(l -> l.startsWith(incident) && l.contains(" CLEARED (deleted) "));
        assertThat(cli.run("alerts", "list").out().lines().toList()).filteredOn(l -> l.contains(" clear")).singleElement()
                .satisfies(l -> assertThat(l).contains(" clear (deleted) "));
    }

    @Test
    void pausingEndsTheIncidentWithOneClearAndAfterResumeTheStillBrokenTargetOpensANewIncident() throws Exception {
        openIncidentOfAClosedPort();

        assertThat(cli.run("monitor", "pause", "web").exit()).isZero();
        await().atMost(WAIT).untilAsserted(() -> assertThat(hookKinds()).containsExactly("open", "clear paused"));
        assertThat(cli.run("status", "--json").json().get(0).get("state").asText()).isEqualTo("PAUSED");
        assertThat(cli.run("status", "--json").json().get(0).get("incident_id").asText()).isEmpty();

        assertThat(cli.run("monitor", "resume", "web").exit()).isZero();
        assertThat(cluster.round("web").verdict()).isEqualTo(Verdict.ERROR);

        await().atMost(WAIT).untilAsserted(() -> assertThat(hookKinds()).containsExactly("open", "clear paused", "open"));
        String first = hookBodies().get(0).get("incident_id").asText();
        String second = hookBodies().get(2).get("incident_id").asText();
        assertThat(second).isNotEqualTo(first);
        JsonNode incidents = cli.run("incidents", "--json").json();
        assertThat(incidents).extracting(i -> i.get("incident_id").asText() + " " + i.get("clear_reason").asText())
                .containsExactly(second + " null", first + " paused");
    }

    @Test
    void withoutNotifyOnClearRecoveryClosesTheIncidentSilentlyAndTheNextOutageOpensANewOne() throws Exception {
        cluster.startAgent("eu-west");
        cluster.startAgent("us-east");
        OpenListener target = OpenListener.start();
        String host = target.host();
        int port = target.port();
        cluster.createMonitor("web", host, port, "--mode", "global-notify", "--no-notify-on-clear");
        assertThat(cluster.round("web").verdict()).isEqualTo(Verdict.OK);
        target.close();
        assertThat(cluster.round("web").verdict()).isEqualTo(Verdict.ERROR);
        await().atMost(WAIT).untilAsserted(() -> assertThat(hookKinds()).containsExactly("open"));
        String first = hookBodies().get(0).get("incident_id").asText();

        try (OpenListener back = OpenListener.start(host, port)) {
            assertThat(cluster.round("web").verdict()).isEqualTo(Verdict.OK);
        }
        JsonNode cleared = cli.run("incidents", "--json").json();
        assertThat(cleared).singleElement().satisfies(i -> {
            assertThat(i.get("incident_id").asText()).isEqualTo(first);
            assertThat(i.get("clear_reason").asText()).isEqualTo("recovered");
        });
        assertThat(cluster.round("web").verdict()).isEqualTo(Verdict.ERROR);

        // Deliveries of one monitor go out in order: a CLEAR sent to the hook would arrive before this OPEN.
        await().atMost(WAIT).untilAsserted(() -> assertThat(hookKinds()).containsExactly("open", "open"));
        String second = hookBodies().get(1).get("incident_id").asText();
        assertThat(cli.run("incidents").out().lines().toList()).filteredOn(l -> l.startsWith(first) || l.startsWith(second))
                .extracting(l -> l.split("\\s+")[0] + " " + (l.contains(" OPEN ") ? "OPEN" : l.contains(" CLEARED (recovered) ") ? "CLEARED" : "?"))
                .containsExactly(second + " OPEN", first + " CLEARED");
    }

    @Test
    void aStoredMonitorWhoseRoundCannotFitStillRunsAfterARestart() throws Exception {
        cluster.startAgent("eu-west");
        cluster.startAgent("us-east");
        OpenListener target = OpenListener.start();
        cluster.createMonitor("web", target.host(), target.port());
        cluster.stopCoordinator();
        try (Store store = StoreFactory.open(StoreConfig.of("jdbc:sqlite:" + dir.resolve("vantage.db")))) {
            Monitor web = store.findMonitorByName("web").orElseThrow();
            // As a store written before the rule existed holds it: 3 x 5s does not fit in 10s.
            store.updateMonitor(web.id(), new MonitorSpec("web", web.spec().host(), web.spec().port(), Duration.ofSeconds(10),
                    Duration.ofSeconds(5), web.spec().locations(), web.spec().policy()), Instant.now());
        }

        cluster.startCoordinator();

        assertThat(cluster.round("web").verdict()).isEqualTo(Verdict.OK);
        JsonNode status = cli.run("status", "--json").json().get(0);
        assertThat(status.get("state").asText()).isEqualTo("UP");
        assertThat(status.get("rounds_skipped").asLong()).isZero();
        target.close();
    }
}

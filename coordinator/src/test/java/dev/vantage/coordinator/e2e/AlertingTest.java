package dev.vantage.coordinator.e2e;

import dev.vantage.coordinator.testing.Cli;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.vantage.coordinator.alert.WebhookReceiver;
import dev.vantage.coordinator.decide.Verdict;
import dev.vantage.proto.v1.AlertEvent;
import dev.vantage.proto.v1.AlertKind;
import dev.vantage.testkit.OpenListener;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alerts end to end: a coordinator with a webhook and an email channel, real agents, real TCP
 * targets on loopback, a GreenMail mailbox, a real HTTP receiver, a gRPC AlertService consumer and
 * the CLI. Rounds are started with {@link dev.vantage.coordinator.Coordinator#runRoundNow} (monitors
 * use a 1h interval so the schedule stays out of the way); everything after that is real.
 */
class AlertingTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @RegisterExtension
    static final GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @TempDir
    Path dir;
    private final WebhookReceiver hook = new WebhookReceiver();
    private Cluster cluster;
    private Cli cli;

    @BeforeEach
    void start() {
        Properties p = hook.channelSettings("hook");
        p.putAll(Mail.channelSettings("mail", smtp.getSmtp().getPort()));
        cluster = new Cluster(dir, List.of("eu-west", "us-east"), p);
        cli = cluster.cli();
    }

    @AfterEach
    void stop() {
        cluster.close();
        hook.close();
    }

    private List<String> hookKinds() {
        return hook.accepted().stream().map(r -> r.json().get("kind").asText()).toList();
    }

    private List<AlertKind> kinds(AlertConsumer consumer) {
        return consumer.events().stream().map(AlertEvent::getKind).toList();
    }

    @Test
    void targetThatStopsListeningOpensExactlyOneIncidentEverywhereAndClearsOnceWhenBack() throws Exception {
        cluster.startAgent("eu-west");
        cluster.startAgent("us-east");
        OpenListener target = OpenListener.start();
        int port = target.port();
        cluster.createMonitor("web", target.host(), port);
        try (AlertConsumer consumer = new AlertConsumer(cluster.port(), cluster.adminToken())) {
            assertThat(cluster.round("web").verdict()).isEqualTo(Verdict.OK);

            target.close();
            assertThat(cluster.round("web").verdict()).isEqualTo(Verdict.ERROR);
            assertThat(cluster.round("web").verdict()).isEqualTo(Verdict.ERROR);   // still down: no second OPEN

            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(hookKinds()).containsExactly("open");
                assertThat(kinds(consumer)).containsExactly(AlertKind.ALERT_KIND_OPEN);
                assertThat(smtp.getReceivedMessages()).hasSize(1);
            });
            JsonNode open = hook.accepted().get(0).json();
            assertThat(open.get("status_code").asInt()).isEqualTo(1);
            assertThat(open.get("target").asText()).isEqualTo("127.0.0.1:" + port);
            assertThat(open.get("failing_locations")).extracting(f -> f.get("location").asText() + " " + f.get("reason").asText())
                    .containsExactlyInAnyOrder("eu-west refused", "us-east refused");
            assertThat(open.get("sequence").asLong()).isEqualTo(1);
            JsonNode status = cli.run("status", "--json").json().get(0);
            assertThat(status.get("state").asText()).isEqualTo("DOWN");
            assertThat(status.get("since")).isNotNull();
            assertThat(status.get("failing_locations")).hasSize(2);

            try (OpenListener back = OpenListener.start(target.host(), port)) {
                assertThat(cluster.round("web").verdict()).isEqualTo(Verdict.OK);

                await().atMost(WAIT).untilAsserted(() -> {
                    assertThat(hookKinds()).containsExactly("open", "clear");
                    assertThat(kinds(consumer)).containsExactly(AlertKind.ALERT_KIND_OPEN, AlertKind.ALERT_KIND_CLEAR);
                    assertThat(smtp.getReceivedMessages()).hasSize(2);
                });
                JsonNode clear = hook.accepted().get(1).json();
                assertThat(clear.get("status_code").asInt()).isZero();
                assertThat(clear.get("incident_id").asText()).isEqualTo(open.get("incident_id").asText());
                assertThat(clear.get("outage_seconds").asLong()).isNotNegative();
                AlertEvent grpcClear = consumer.events().get(1);
                assertThat(grpcClear.getSequence()).isEqualTo(2);
                assertThat(grpcClear.getIncidentId()).isEqualTo(open.get("incident_id").asText());
                assertThat(Mail.subjects(smtp.getReceivedMessages())).hasSize(2);
            }
        }

        Cli.Run watch = cli.run("alerts", "watch", "--count", "2", "--json");
        assertThat(watch.exit()).as(watch.err()).isZero();
        assertThat(watch.jsonLines()).extracting(a -> a.get("kind").asText() + " " + a.get("sequence").asLong())
                .containsExactly("OPEN 1", "CLEAR 2");
        Cli.Run after = cli.run("alerts", "watch", "--from-sequence", "1", "--count", "1", "--json");
        assertThat(after.jsonLines()).singleElement().satisfies(a -> assertThat(a.get("kind").asText()).isEqualTo("CLEAR"));
        JsonNode alerts = cli.run("alerts", "list", "--json").json();
        assertThat(alerts).extracting(a -> a.get("kind").asText()).containsExactly("CLEAR", "OPEN");
        // a clear names the locations that had failed as such, never as failing
        assertThat(alerts.get(0).get("failing_locations")).isEmpty();
        assertThat(alerts.get(0).get("failed_locations")).extracting(f -> f.get("location").asText() + " " + f.get("reason").asText())
                .containsExactlyInAnyOrder("eu-west refused", "us-east refused");
        assertThat(alerts.get(1).get("failing_locations")).hasSize(2);
        assertThat(alerts.get(1).get("failed_locations")).isEmpty();
        List<List<String>> table = cli.run("alerts", "list").out().lines().map(l -> List.of(l.split(" {2,}"))).toList();
        assertThat(table.get(0)).containsExactly("SEQ", "KIND", "INCIDENT", "MONITOR", "TARGET", "CODE", "RAISED", "OUTAGE", "FAILING",
                "HAD FAILED");
        assertThat(table.get(1).subList(8, 10)).satisfiesExactly(
                failing -> assertThat(failing).isEqualTo("-"),
                hadFailed -> assertThat(hadFailed).contains("eu-west refused", "us-east refused"));
        assertThat(table.get(2).get(8)).contains("eu-west refused", "us-east refused");
        assertThat(table.get(2).get(9)).isEqualTo("-");
        JsonNode incidents = cli.run("incidents", "--json").json();
        assertThat(incidents).singleElement().satisfies(i -> {
            assertThat(i.get("monitor").asText()).isEqualTo("web");
            assertThat(i.get("cleared_at").isNull()).isFalse();
            assertThat(i.get("alerts_raised").asInt()).isEqualTo(1);
        });
    }

    @Test
    void oneFailingLocationAlertsOnlyWhereTheModeSaysSo() throws Exception {
        try (OpenListener target = OpenListener.start("127.0.0.3", 0)) {
            // eu-west sees svc.test at 127.0.0.2, where nothing listens; us-east sees the listener at 127.0.0.3
            cluster.startAgent("eu-west", Map.of("svc.test", "127.0.0.2"));
            cluster.startAgent("us-east", Map.of("svc.test", "127.0.0.3"));
            cluster.createMonitor("sla-two", "svc.test", target.port(), "--mode", "sla", "--fail-locations", "2");
            cluster.createMonitor("notify", "svc.test", target.port(), "--mode", "global-notify");
            cluster.createMonitor("verify", "svc.test", target.port());

            assertThat(cluster.round("sla-two").verdict()).isEqualTo(Verdict.WARNING);
            assertThat(cluster.round("notify").verdict()).isEqualTo(Verdict.ERROR);
            assertThat(cluster.round("verify").verdict()).isEqualTo(Verdict.WARNING);

            await().atMost(WAIT).until(() -> hook.accepted().size() == 1);
            JsonNode open = hook.accepted().get(0).json();
            assertThat(open.get("kind").asText()).isEqualTo("open");
            assertThat(open.get("monitor").get("name").asText()).isEqualTo("notify");
            assertThat(open.get("failing_locations")).singleElement()
                    .satisfies(f -> assertThat(f.get("location").asText()).isEqualTo("eu-west"));
            JsonNode status = cli.run("status", "--json").json();
            assertThat(status).extracting(s -> s.get("monitor").get("name").asText() + " " + s.get("state").asText())
                    .containsExactly("sla-two WARNING", "notify DOWN", "verify WARNING");
            assertThat(status.get(2).get("failing_locations")).singleElement()
                    .satisfies(f -> assertThat(f.get("reason").asText()).isEqualTo("refused"));
            await().atMost(WAIT).untilAsserted(() -> assertThat(cli.run("results", "verify", "--json").json())
                    .extracting(r -> r.get("location").asText() + " " + r.get("kind").asText())
                    .containsExactlyInAnyOrder("eu-west scheduled", "us-east scheduled", "eu-west retry", "us-east verify"));
            // rounds save their alerts before runRoundNow returns: the log holds every alert there will be
            assertThat(cli.run("alerts", "list", "--json").json()).singleElement()
                    .satisfies(a -> assertThat(a.get("monitor").asText()).isEqualTo("notify"));
        }
    }

    @Test
    void anAgentKilledWhileTheTargetIsFineRaisesNoAlertAndItsLocationShowsNoAgent() throws Exception {
        cluster.startAgent("eu-west");
        cluster.startAgent("us-east");
        try (OpenListener target = OpenListener.start()) {
            cluster.createMonitor("web", target.host(), target.port(), "--mode", "global-notify");
            assertThat(cluster.round("web").verdict()).isEqualTo(Verdict.OK);

            cluster.stopAgent("us-east");
            await().atMost(WAIT).until(() -> cli.run("locations", "--json").json().get(1).get("agents").isEmpty());
            assertThat(cluster.round("web").verdict()).isEqualTo(Verdict.OK);
            cluster.stopAgent("eu-west");
            await().atMost(WAIT).until(() -> cli.run("locations", "--json").json().get(0).get("agents").isEmpty());
            assertThat(cluster.round("web").verdict()).isEqualTo(Verdict.UNKNOWN);

            await().atMost(WAIT).untilAsserted(() -> {   // results are written in batches, shortly after
                JsonNode status = cli.run("status", "--json").json().get(0);
                assertThat(status.get("state").asText()).isEqualTo("UNKNOWN");
                assertThat(status.get("last_results")).allSatisfy(r -> assertThat(r.get("reason").asText()).isEqualTo("no agent available"));
            });
            assertThat(cli.run("alerts", "list", "--json").json()).isEmpty();
            assertThat(hook.requests()).isEmpty();
        }
    }

    @Test
    void aCoordinatorRestartedDuringAnOpenIncidentSendsNoSecondOpenAndTheClearStillArrives() throws Exception {
        cluster.startAgent("eu-west");
        cluster.startAgent("us-east");
        OpenListener target = OpenListener.start();
        int port = target.port();
        cluster.createMonitor("web", target.host(), port);
        target.close();
        try (AlertConsumer consumer = new AlertConsumer(cluster.port(), cluster.adminToken())) {
            assertThat(cluster.round("web").verdict()).isEqualTo(Verdict.ERROR);
            await().atMost(WAIT).until(() -> hookKinds().equals(List.of("open")) && consumer.events().size() == 1);

            cluster.stopCoordinator();
            cluster.startCoordinator();
            await().atMost(WAIT).until(() -> cluster.agent("eu-west").isConnected() && cluster.agent("us-east").isConnected()
                    && cli.run("locations", "--json").json().get(1).get("agents").size() == 1);
            assertThat(cli.run("status", "--json").json().get(0).get("state").asText()).isEqualTo("DOWN");
            assertThat(cluster.round("web").verdict()).isEqualTo(Verdict.ERROR);

            try (OpenListener back = OpenListener.start(target.host(), port)) {
                assertThat(cluster.round("web").verdict()).isEqualTo(Verdict.OK);
                await().atMost(WAIT).untilAsserted(() -> {
                    assertThat(hookKinds()).containsExactly("open", "clear");
                    assertThat(consumer.events()).extracting(e -> e.getKind() + " " + e.getSequence())
                            .containsExactly("ALERT_KIND_OPEN 1", "ALERT_KIND_CLEAR 2");
                });
                assertThat(consumer.subscriptions()).isGreaterThan(1); // it did reconnect, and got the clear exactly once
            }
        }
    }

    @Test
    void alertsRaisedWhileTheWebhookReceiverIsDownAllArriveInOrderWhenItIsBack() throws Exception {
        cluster.startAgent("eu-west");
        cluster.startAgent("us-east");
        OpenListener target = OpenListener.start();
        int port = target.port();
        cluster.createMonitor("web", target.host(), port);
        int hookPort = hook.port();
        hook.stop();

        target.close();
        assertThat(cluster.round("web").verdict()).isEqualTo(Verdict.ERROR);
        try (OpenListener back = OpenListener.start(target.host(), port)) {
            assertThat(cluster.round("web").verdict()).isEqualTo(Verdict.OK);
        }
        assertThat(cli.run("alerts", "list", "--json").json()).hasSize(2);   // both raised while nobody received them

        hook.start(hookPort);

        await().atMost(WAIT).untilAsserted(() -> assertThat(hookKinds()).containsExactly("open", "clear"));
        assertThat(hook.accepted()).extracting(r -> r.json().get("sequence").asLong()).containsExactly(1L, 2L);
    }

    @Test
    void aProbingBlackoutRecordsNoProbesAndShowsBlackout() throws Exception {
        cluster.startAgent("eu-west");
        cluster.startAgent("us-east");
        Instant now = Instant.now();
        cluster.createMonitor("quiet", "127.0.0.1", 1, "--blackout-from", now.minusSeconds(3600).toString(),
                "--blackout-to", now.plusSeconds(3600).toString(), "--blackout-effect", "stop-probing");

        assertThat(cluster.coordinator().runRoundNow("quiet").join()).isEmpty();

        assertThat(cli.run("results", "quiet", "--json").json()).isEmpty();
        assertThat(cli.run("status", "--json").json().get(0).get("state").asText()).isEqualTo("BLACKOUT");
        assertThat(cli.run("monitor", "show", "quiet", "--json").json().get("policy").get("blackouts")).singleElement()
                .satisfies(b -> assertThat(b.asText()).startsWith("once ").endsWith(" stop-probing"));
    }

    @Test
    void badAlertSettingsAreRefusedNamingTheFieldAndNothingIsStored() {
        assertRefused("fail-locations", "--mode", "sla", "--fail-locations", "3");
        assertRefused("home-location", "--mode", "primary", "--home-location", "ap-south");
        assertRefused("remind-every", "--stop-notify", "2", "--remind-every", "-1m");
        assertRefused("notify", "--notify", "pager");
        assertRefused("start-notify", "--start-notify", "0");
        Cli.Run oneLocation = cli.run("monitor", "create", "--name", "rr", "--host", "127.0.0.1", "--port", "80",
                "--locations", "eu-west", "--mode", "round-robin");
        assertThat(oneLocation.exit()).isEqualTo(2);
        assertThat(oneLocation.err()).startsWith("error: mode: round-robin needs two or more locations");

        assertThat(cli.run("monitor", "list", "--json").json()).isEmpty();
    }

    private void assertRefused(String field, String... policy) {
        List<String> args = new java.util.ArrayList<>(List.of("monitor", "create", "--name", "bad", "--host", "127.0.0.1",
                "--port", "80", "--locations", "eu-west,us-east"));
        args.addAll(List.of(policy));
        Cli.Run run = cli.run(args.toArray(String[]::new));
        assertThat(run.exit()).as(run.out()).isEqualTo(2);
        assertThat(run.err()).as(String.join(" ", policy)).contains(field);
    }
}

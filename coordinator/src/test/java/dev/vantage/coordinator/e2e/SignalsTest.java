package dev.vantage.coordinator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.vantage.coordinator.alert.WebhookReceiver;
import dev.vantage.coordinator.decide.Verdict;
import dev.vantage.coordinator.testing.Cli;
import dev.vantage.coordinator.testing.Scrape;
import dev.vantage.proto.v1.AlertEvent;
import dev.vantage.testkit.OpenListener;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * REGIONAL and FLAPPING end to end: a coordinator with a webhook and an e-mail channel, three real
 * agents, real TCP targets on loopback, a gRPC alert consumer and the CLI. Each agent's {@code --resolve}
 * gives its location its own view of {@code svc.test}: 127.0.0.3 where the target listens, or
 * 127.0.0.2 where nothing does (until the test starts a listener there). Rounds are started with
 * {@link dev.vantage.coordinator.Coordinator#runRoundNow} (1h interval); everything else is real.
 */
class SignalsTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final List<String> LOCATIONS = List.of("eu-west", "us-east", "ap-south");
    private static final String UP_ADDRESS = "127.0.0.3";
    private static final String DOWN_ADDRESS = "127.0.0.2";

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
        cluster = new Cluster(dir, LOCATIONS, p);
        cli = cluster.cli();
    }

    @AfterEach
    void stop() {
        cluster.close();
        hook.close();
    }

    /** Starts each location's agent, seeing svc.test at the address given. */
    private void agents(String euWest, String usEast, String apSouth) throws InterruptedException {
        cluster.startAgent("eu-west", Map.of("svc.test", euWest));
        cluster.startAgent("us-east", Map.of("svc.test", usEast));
        cluster.startAgent("ap-south", Map.of("svc.test", apSouth));
    }

    private JsonNode status() {
        return cli.run("status", "--json").json().get(0);
    }

    /** "topic kind" of every webhook delivery, in order. */
    private List<String> hookAlerts() {
        return hook.accepted().stream().map(r -> r.json()).map(j -> j.get("topic").asText() + " " + j.get("kind").asText())
                .toList();
    }

    @Test
    void oneOfThreeLocationsFailingUnderSlaTwoIsRegionalAfterThreeRoundsWithOneAlertAndOneClearEverywhere() throws Exception {
        try (OpenListener target = OpenListener.start(UP_ADDRESS, 0);
                AlertConsumer consumer = new AlertConsumer(cluster.port(), cluster.adminToken())) {
            agents(DOWN_ADDRESS, UP_ADDRESS, UP_ADDRESS);
            cluster.createMonitor("shop", "svc.test", target.port(), "--mode", "sla", "--fail-locations", "2", "--notify-regional");

            for (int i = 1; i <= 2; i++) {
                assertThat(cluster.round("shop").verdict()).isEqualTo(Verdict.WARNING);
                assertThat(status().get("state").asText()).as("round %d", i).isEqualTo("WARNING");
            }
            assertThat(cluster.round("shop").verdict()).as("still below the DOWN rule").isEqualTo(Verdict.WARNING);

            JsonNode regional = status();
            assertThat(regional.get("state").asText()).isEqualTo("REGIONAL");
            assertThat(regional.get("failing_locations")).singleElement().satisfies(f -> {
                assertThat(f.get("location").asText()).isEqualTo("eu-west");
                assertThat(f.get("reason").asText()).isEqualTo("refused");
                assertThat(f.get("at").asText()).isEqualTo(regional.get("since").asText());
            });
            String text = cli.run("status").out();
            assertThat(text).contains("shop: REGIONAL since ").contains("failing: eu-west refused at ");

            InetSocketAddress http = cluster.coordinator().httpAddress().orElseThrow();
            Scrape.Metrics m = Scrape.metrics(http);
            assertThat(m.value("vantage_monitor_state", "monitor", "shop", "state", "REGIONAL")).contains(1.0);
            assertThat(m.value("vantage_monitor_state", "monitor", "shop", "state", "WARNING")).contains(0.0);

            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(hookAlerts()).containsExactly("regional open");
                assertThat(consumer.events()).extracting(AlertEvent::getTopic).containsExactly("regional");
                assertThat(Mail.subjects(smtp.getReceivedMessages())).singleElement().asString().contains("REGIONAL - shop svc.test:");
            });
            JsonNode open = hook.accepted().get(0).json();
            assertThat(open.get("status_code").asInt()).isEqualTo(1);
            assertThat(open.get("failing_locations")).extracting(f -> f.get("location").asText()).containsExactly("eu-west");
            assertThat(open.get("incident_id").asText()).contains("-regional-");

            cluster.round("shop");   // still regional: nothing more is sent
            try (OpenListener back = OpenListener.start(DOWN_ADDRESS, target.port())) {
                assertThat(cluster.round("shop").verdict()).isEqualTo(Verdict.OK);
                assertThat(status().get("state").asText()).isEqualTo("UP");
                await().atMost(WAIT).untilAsserted(() -> {
                    assertThat(hookAlerts()).containsExactly("regional open", "regional clear");
                    assertThat(consumer.events()).extracting(e -> e.getTopic() + " " + e.getKind())
                            .containsExactly("regional ALERT_KIND_OPEN", "regional ALERT_KIND_CLEAR");
                    assertThat(smtp.getReceivedMessages()).hasSize(2);
                });
                JsonNode clear = hook.accepted().get(1).json();
                assertThat(clear.get("incident_id").asText()).isEqualTo(open.get("incident_id").asText());
                assertThat(clear.get("clear_reason").asText()).isEqualTo("recovered");
            }
        }
    }

    @Test
    void roundRobinWithTwoOfThreeRefusingEndsInFlappingInsteadOfAnOpenAndAClearEveryCycle() throws Exception {
        try (OpenListener target = OpenListener.start(UP_ADDRESS, 0)) {
            agents(UP_ADDRESS, DOWN_ADDRESS, DOWN_ADDRESS);
            cluster.createMonitor("rr", "svc.test", target.port(), "--mode", "round-robin", "--flap-changes", "4", "--flap-window", "10m");

            for (int i = 0; i < 15; i++) {
                cluster.round("rr");
            }
            assertThat(status().get("state").asText()).isEqualTo("FLAPPING");
            // every alert is in the log before runRoundNow returns; the newest comes first
            assertThat(cli.run("alerts", "list", "--json").json()).extracting(a -> a.get("topic").asText() + " " + a.get("kind").asText())
                    .containsExactly("flapping OPEN", "outage CLEAR", "outage OPEN", "outage CLEAR", "outage OPEN");
            await().atMost(WAIT).untilAsserted(() -> assertThat(hookAlerts())
                    .containsExactly("outage open", "outage clear", "outage open", "outage clear", "flapping open"));
        }
    }

    @Test
    void aTargetToggledEveryRoundBecomesFlappingWithOneSummaryAlertAndOneMoreWhenItSettles() throws Exception {
        OpenListener target = OpenListener.start(UP_ADDRESS, 0);
        int port = target.port();
        agents(UP_ADDRESS, UP_ADDRESS, UP_ADDRESS);
        cluster.createMonitor("toggled", "svc.test", port, "--mode", "global-notify", "--flap-changes", "2", "--flap-window", "20s");
        try {
            for (int i = 0; i < 4; i++) {
                if (i % 2 == 0) {
                    target.close();
                    assertThat(cluster.round("toggled").verdict()).isEqualTo(Verdict.ERROR);
                } else {
                    target = OpenListener.start(UP_ADDRESS, port);
                    assertThat(cluster.round("toggled").verdict()).isEqualTo(Verdict.OK);
                }
            }
            assertThat(status().get("state").asText()).isEqualTo("FLAPPING");
            assertThat(cli.run("alerts", "list", "--json").json()).extracting(a -> a.get("topic").asText() + " " + a.get("kind").asText())
                    .containsExactly("flapping OPEN", "outage CLEAR", "outage OPEN");

            // Steady from now on: once the changes have left the 20s window, it settles.
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                cluster.round("toggled");
                return status().get("state").asText().equals("UP");
            });
            await().atMost(WAIT).untilAsserted(() -> assertThat(hookAlerts())
                    .containsExactly("outage open", "outage clear", "flapping open", "flapping clear"));
            JsonNode settled = hook.accepted().get(3).json();
            assertThat(settled.get("clear_reason").asText()).isEqualTo("settled");
        } finally {
            target.close();
        }
    }

    @Test
    void signalSettingsRoundTripThroughApplyExportAndDiff() throws Exception {
        Path file = dir.resolve("monitors.yaml");
        String yaml = """
                monitors:
                  - name: shop
                    host: svc.test
                    port: 8080
                    locations: [eu-west, us-east, ap-south]
                    mode: sla
                    fail-locations: 2
                    regional-after: 5
                    notify-regional: true
                    warn-connect-time: 200ms
                    warn-after: 2
                    notify-slow: true
                    flap-changes: 4
                    flap-window: 15m
                """;
        java.nio.file.Files.writeString(file, yaml);
        Cli.Run apply = cli.run("apply", "-f", file.toString());
        assertThat(apply.exit()).as(apply.toString()).isZero();

        JsonNode signals = cli.run("monitor", "show", "shop", "--json").json().get("policy").get("signals");
        assertThat(signals.get("regional_after").asInt()).isEqualTo(5);
        assertThat(signals.get("notify_regional").asBoolean()).isTrue();
        assertThat(signals.get("warn_connect_time").asText()).isEqualTo("200ms");
        assertThat(signals.get("warn_after").asInt()).isEqualTo(2);
        assertThat(signals.get("notify_slow").asBoolean()).isTrue();
        assertThat(signals.get("flap_changes").asInt()).isEqualTo(4);
        assertThat(signals.get("flap_window").asText()).isEqualTo("15m");
        assertThat(cli.run("monitor", "show", "shop").out())
                .contains("regional   after 5 rounds; alerted: yes")
                .contains("slow       connect over 200ms, after 2 rounds; alerted: yes")
                .contains("flapping   more than 4 changes in 15m");

        String exported = cli.run("export").out();
        assertThat(exported).contains("    regional-after: 5\n    notify-regional: true\n    warn-connect-time: 200ms\n    warn-after: 2\n"
                + "    notify-slow: true\n    flap-changes: 4\n    flap-window: 15m\n");
        java.nio.file.Files.writeString(file, exported);
        assertThat(cli.run("diff", "-f", file.toString()).out()).isEqualTo("no changes: 1 monitors match the file\n");

        java.nio.file.Files.writeString(file, exported.replace("flap-changes: 4", "flap-changes: 0"));
        assertThat(cli.run("diff", "-f", file.toString()).out())
                .isEqualTo("~ shop: flap-changes 4 -> 0\n0 to create, 1 to update, 0 to delete, 0 unchanged\n");

        Cli.Run update = cli.run("monitor", "update", "shop", "--regional-after", "0", "--no-notify-regional", "--warn-connect-time", "0s",
                "--no-notify-slow");
        assertThat(update.exit()).as(update.toString()).isZero();
        assertThat(cli.run("monitor", "show", "shop").out()).contains("regional   off").contains("slow       off");
    }

    @Test
    void badSignalSettingsFailNamingTheFieldAndStoreNothing() {
        Cli.Run flap = cli.run("monitor", "create", "--name", "bad", "--host", "svc.test", "--port", "8080", "--flap-changes", "1");
        assertThat(flap.exit()).isEqualTo(2);
        assertThat(flap.err()).isEqualTo("error: flap-changes: must be between 2 and 100 (changes between UP and DOWN within "
                + "--flap-window), or 0 to turn flap detection off; got 1\n");
        Cli.Run slow = cli.run("monitor", "create", "--name", "bad", "--host", "svc.test", "--port", "8080", "--notify-slow");
        assertThat(slow.exit()).isEqualTo(2);
        assertThat(slow.err()).startsWith("error: notify-slow: has nothing to alert without --warn-connect-time; ");
        Cli.Run negative = cli.run("monitor", "create", "--name", "bad", "--host", "svc.test", "--port", "8080", "--regional-after", "-1");
        assertThat(negative.exit()).isEqualTo(2);
        assertThat(negative.err()).isEqualTo("error: regional-after: must be at least 0 (0: off), got -1\n");
        Cli.Run window = cli.run("monitor", "create", "--name", "bad", "--host", "svc.test", "--port", "8080", "--flap-window", "5s");
        assertThat(window.exit()).isEqualTo(2);
        assertThat(window.err()).isEqualTo("error: flap-window: must be between 10s and 1d, got 5s\n");
        assertThat(cli.run("monitor", "list", "--json").json()).isEmpty();
    }
}

package dev.vantage.coordinator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vantage.coordinator.alert.WebhookReceiver;
import dev.vantage.coordinator.testing.Cli;
import dev.vantage.coordinator.testing.Cli.Run;
import dev.vantage.testkit.ClosedPort;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vantage apply}, {@code diff} and {@code export} against a real coordinator, through the CLI as a user runs it. */
class MonitorsAsCodeTest {
    private static final String TWO = """
            monitors:
              - name: web
                host: 127.0.0.1
                port: 443
                interval: 60s
                timeout: 5s
                locations: [eu-west, us-east]
              - name: api
                host: 127.0.0.1
                port: 8080
            """;

    @TempDir
    Path dir;
    private Cluster cluster;
    private Cli cli;

    @BeforeEach
    void start() throws IOException {
        cluster = new Cluster(Files.createDirectories(dir.resolve("c1")), List.of("eu-west", "us-east", "ap-south"), channels());
        cli = cluster.cli();
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private static Properties channels() {
        Properties p = new Properties();
        p.setProperty("channel.ops-hook.type", "webhook");
        p.setProperty("channel.ops-hook.url", "http://127.0.0.1:9/hook");
        p.setProperty("channel.ops-hook.secret", "0123456789abcdef0123456789abcdef");
        return p;
    }

    @Test
    void applyCreatesAndASecondApplyChangesNothing() throws IOException {
        Path file = write("monitors.yaml", TWO);

        Run first = cli.run("apply", "-f", file.toString());
        assertThat(first.exit()).as(first.toString()).isZero();
        assertThat(first.out()).isEqualTo("""
                + web (new)
                + api (new)
                2 created, 0 updated, 0 deleted, 0 unchanged
                """);

        Run second = cli.run("apply", "-f", file.toString());
        assertThat(second.exit()).as(second.toString()).isZero();
        assertThat(second.out()).isEqualTo("0 created, 0 updated, 0 deleted, 2 unchanged; nothing to do\n");

        Run show = cli.run("monitor", "show", "web", "--json");
        assertThat(show.json().get("port").asInt()).isEqualTo(443);
        assertThat(show.json().get("timeout").asText()).isEqualTo("5s");
        assertThat(cli.run("monitor", "show", "api", "--json").json().get("interval").asText())
                .as("omitted settings take monitor create's defaults").isEqualTo("1m");
    }

    @Test
    void diffShowsEachChangedSettingAndApplyMakesIt() throws IOException {
        Path file = write("monitors.yaml", TWO);
        assertThat(cli.run("apply", "-f", file.toString()).exit()).isZero();
        write("monitors.yaml", TWO.replace("port: 443", "port: 8443").replace("interval: 60s", "interval: 30s")
                + """
                  - name: db
                    host: 127.0.0.1
                    port: 5432
                    mode: sla
                    fail-locations: 2
                """);

        Run diff = cli.run("diff", "-f", file.toString());
        assertThat(diff.exit()).as(diff.toString()).isZero();
        assertThat(diff.out()).isEqualTo("""
                ~ web: port 443 -> 8443
                ~ web: interval 1m -> 30s
                + db (new)
                1 to create, 1 to update, 0 to delete, 1 unchanged
                """);

        Run apply = cli.run("apply", "-f", file.toString());
        assertThat(apply.out()).endsWith("1 created, 1 updated, 0 deleted, 1 unchanged\n");
        assertThat(cli.run("diff", "-f", file.toString()).out()).isEqualTo("no changes: 3 monitors match the file\n");
        assertThat(cli.run("monitor", "show", "web", "--json").json().get("port").asInt()).isEqualTo(8443);
    }

    @Test
    void alertWhenAndRetryIntervalDiffApplyAndAreCheckedLikeTheCli() throws IOException {
        Path file = write("monitors.yaml", TWO);
        assertThat(cli.run("apply", "-f", file.toString()).exit()).isZero();
        write("monitors.yaml", TWO + """
                    alert-when: 3 of 5
                    retry-interval: 45s
                """);

        assertThat(cli.run("diff", "-f", file.toString()).out()).isEqualTo("""
                ~ api: alert-when none -> 3 of 5
                ~ api: retry-interval none -> 45s
                0 to create, 1 to update, 0 to delete, 1 unchanged
                """);
        assertThat(cli.run("apply", "-f", file.toString()).exit()).isZero();
        JsonNode policy = cli.run("monitor", "show", "api", "--json").json().get("policy");
        assertThat(policy.get("alert_when").asText()).isEqualTo("3 of 5");
        assertThat(policy.get("retry_interval").asText()).isEqualTo("45s");

        write("monitors.yaml", TWO + """
                    alert-when: 3 of 5
                    start-notify: 2
                """);
        Run bad = cli.run("apply", "-f", file.toString());
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).startsWith("error: " + file + ":11: monitors[1].alert-when: cannot be combined with --start-notify 2: "
                + "both decide when the incident opens; use --start-notify 1 with --alert-when, or --alert-when none\n");
        assertThat(cli.run("monitor", "show", "api", "--json").json().get("policy").get("retry_interval").asText()).isEqualTo("45s");
    }

    @Test
    void pruneDeletesMonitorsNotInTheFileOnlyWhenAskedTo() throws IOException {
        assertThat(cli.run("monitor", "create", "--name", "old", "--host", "127.0.0.1", "--port", "22").exit()).isZero();
        Path file = write("monitors.yaml", TWO);

        assertThat(cli.run("apply", "-f", file.toString()).exit()).isZero();
        assertThat(names()).containsExactlyInAnyOrder("old", "web", "api");
        assertThat(cli.run("diff", "-f", file.toString()).out()).isEqualTo("no changes: 2 monitors match the file\n");

        assertThat(cli.run("diff", "-f", file.toString(), "--prune").out())
                .isEqualTo("- old\n0 to create, 0 to update, 1 to delete, 2 unchanged\n");
        Run dry = cli.run("apply", "-f", file.toString(), "--prune", "--dry-run");
        assertThat(dry.out()).isEqualTo("- old\ndry run: 0 to create, 0 to update, 1 to delete, 2 unchanged; nothing was applied\n");
        assertThat(names()).contains("old");

        Run prune = cli.run("apply", "-f", file.toString(), "--prune");
        assertThat(prune.exit()).as(prune.toString()).isZero();
        assertThat(prune.out()).isEqualTo("- old\n0 created, 0 updated, 1 deleted, 2 unchanged\n");
        assertThat(names()).containsExactlyInAnyOrder("web", "api");
    }

    @Test
    void dryRunChangesNothing() throws IOException {
        Path file = write("monitors.yaml", TWO);

        Run dry = cli.run("apply", "-f", file.toString(), "--dry-run");

        assertThat(dry.exit()).as(dry.toString()).isZero();
        assertThat(dry.out()).isEqualTo("""
                + web (new)
                + api (new)
                dry run: 2 to create, 0 to update, 0 to delete, 0 unchanged; nothing was applied
                """);
        assertThat(names()).isEmpty();
    }

    @Test
    void exportThenApplyThenExportIsByteIdentical() throws IOException {
        create("plain", "--host", "127.0.0.1", "--port", "80");
        create("every-setting", "--host", "localhost", "--port", "443", "--interval", "90s", "--timeout", "2500ms",
                "--locations", "us-east,ap-south,eu-west", "--mode", "sla", "--fail-locations", "all", "--no-retry",
                "--start-notify", "3", "--stop-notify", "4", "--remind-every", "1h30m", "--no-notify-on-clear", "--notify", "ops-hook",
                "--blackout", "weekly sat,sun 02:00-04:00 UTC stop-alerting",
                "--blackout", "once 2026-12-24T00:00:00Z/2026-12-27T00:00:00Z stop-probing");
        create("primary", "--host", "127.0.0.1", "--port", "8443", "--mode", "primary", "--home-location", "us-east");
        create("windowed", "--host", "127.0.0.1", "--port", "25", "--timeout", "2s", "--alert-when", "2m in 10m",
                "--retry-interval", "15s");
        assertThat(cli.run("monitor", "pause", "plain").exit()).isZero();
        Run first = cli.run("export");
        assertThat(first.exit()).as(first.toString()).isZero();
        assertThat(first.out()).isEqualTo("""
                monitors:
                  - name: every-setting
                    host: localhost
                    port: 443
                    interval: 1m30s
                    timeout: 2500ms
                    locations: [us-east, ap-south, eu-west]
                    mode: sla
                    fail-locations: all
                    retry: false
                    start-notify: 3
                    stop-notify: 4
                    remind-every: 1h30m
                    notify-on-clear: false
                    notify: [ops-hook]
                    blackouts: ["weekly sat,sun 02:00+2h UTC stop-alerting", "once 2026-12-24T00:00:00Z/2026-12-27T00:00:00Z stop-probing"]
                  - name: plain
                    host: 127.0.0.1
                    port: 80
                    interval: 1m
                    timeout: 10s
                    locations: [eu-west, us-east]
                    paused: true
                  - name: primary
                    host: 127.0.0.1
                    port: 8443
                    interval: 1m
                    timeout: 10s
                    locations: [eu-west, us-east]
                    mode: primary
                    home-location: us-east
                  - name: windowed
                    host: 127.0.0.1
                    port: 25
                    interval: 1m
                    timeout: 2s
                    locations: [eu-west, us-east]
                    alert-when: "2m in 10m"
                    retry-interval: 15s
                """);
        Path file = write("exported.yaml", first.out());
        assertThat(cli.run("apply", "-f", file.toString()).out()).isEqualTo("0 created, 0 updated, 0 deleted, 4 unchanged; nothing to do\n");

        try (Cluster fresh = new Cluster(Files.createDirectories(dir.resolve("c2")), List.of("eu-west", "us-east", "ap-south"), channels())) {
            Cli other = fresh.cli();
            Run apply = other.run("apply", "-f", file.toString());
            assertThat(apply.exit()).as(apply.toString()).isZero();
            assertThat(other.run("export").out()).isEqualTo(first.out());
        }
    }

    @Test
    void invalidEntryTwoOfThreeNamesFileLineAndFieldAndAppliesNothing() throws IOException {
        Path file = write("monitors.yaml", """
                monitors:
                  - name: one
                    host: 127.0.0.1
                    port: 80
                  - name: two
                    host: 127.0.0.1
                    port: 70000
                  - name: three
                    host: 127.0.0.1
                    port: 82
                    locations: [eu-west, mars]
                """);

        Run run = cli.run("apply", "-f", file.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("error: " + file + ":7: monitors[1].port: must be between 1 and 65535, got 70000\n"
                + "error: " + file + ":11: monitors[2].locations: unknown location 'mars'; known locations: ap-south, eu-west, us-east\n"
                + "error: " + file + ": 2 errors in 3 monitors; nothing was applied; fix the file and run again\n");
        assertThat(names()).isEmpty();
    }

    @Test
    void syntaxAndTypeErrorsNameFileLineAndFieldAndAppliesNothing() throws IOException {
        Path unknown = write("unknown.yaml", TWO.replace("port: 8080", "port: 8080\n    colour: red"));
        Run run = cli.run("apply", "-f", unknown.toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).startsWith("error: " + unknown + ":11: monitors[1].colour: unknown setting; a monitor has name, host, port,");

        Path wrongType = write("type.yaml", TWO.replace("port: 8080", "port: web").replace("timeout: 5s", "timeout: 5"));
        run = cli.run("apply", "-f", wrongType.toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("error: " + wrongType + ":6: monitors[0].timeout: needs a unit, like 5s or 5m, got 5\n"
                + "error: " + wrongType + ":10: monitors[1].port: must be a number between 1 and 65535, got 'web'\n"
                + "error: " + wrongType + ": 2 errors in 2 monitors; nothing was applied; fix the file and run again\n");

        Path badYaml = write("bad.yaml", "monitors:\n  - name: web\n    host: [127.0.0.1\n    port: 80\n");
        run = cli.run("apply", "-f", badYaml.toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("error: " + badYaml + ":4: not valid YAML: while parsing a flow sequence; "
                + "expected ',' or ']', but got :\n"
                + "error: " + badYaml + ": 1 error; nothing was applied; fix the file and run again\n");

        assertThat(names()).isEmpty();
    }

    @Test
    void applyAndDiffNeedTheAdminRole() throws IOException {
        Path file = write("monitors.yaml", TWO);
        Run made = cli.run("token", "create", "--name", "oncall", "--role", "operate", "--json");
        Cli operate = Cli.withToken("127.0.0.1:" + cluster.port(), made.json().get("secret").asText());

        Run diff = operate.run("diff", "-f", file.toString());

        assertThat(diff.exit()).isEqualTo(2);
        assertThat(diff.err()).isEqualTo("error: token 'oncall' has role operate; ApplyMonitors needs role admin\n");
        assertThat(names()).isEmpty();
    }

    @Test
    void pausingThroughTheFileAndPruningEndOpenIncidentsWithOneClearEach() throws Exception {
        cluster.close();
        try (WebhookReceiver hook = new WebhookReceiver()) {
            cluster = new Cluster(Files.createDirectories(dir.resolve("c3")), List.of("eu-west", "us-east"), hook.channelSettings("hook"));
            cli = cluster.cli();
            cluster.startAgent("eu-west");
            cluster.startAgent("us-east");
            ClosedPort target = ClosedPort.find();
            String monitors = """
                    monitors:
                      - name: paused-later
                        host: %1$s
                        port: %2$d
                        interval: 1h
                        timeout: 2s
                        mode: global-notify
                      - name: pruned-later
                        host: %1$s
                        port: %2$d
                        interval: 1h
                        timeout: 2s
                        mode: global-notify
                    """.formatted(target.host(), target.port());
            Path file = write("down.yaml", monitors);
            assertThat(cli.run("apply", "-f", file.toString()).exit()).isZero();
            for (String name : List.of("paused-later", "pruned-later")) {
                cluster.round(name);
            }
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(kinds(hook)).containsExactlyInAnyOrder(
                    "open paused-later", "open pruned-later"));

            write("down.yaml", monitors.substring(0, monitors.indexOf("  - name: pruned-later")) + "    paused: true\n");
            Run apply = cli.run("apply", "-f", file.toString(), "--prune");

            assertThat(apply.out()).isEqualTo("~ paused-later: paused no -> yes\n- pruned-later\n0 created, 1 updated, 1 deleted, 0 unchanged\n");
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(kinds(hook)).containsExactlyInAnyOrder(
                    "open paused-later", "open pruned-later", "clear paused-later paused", "clear pruned-later deleted"));
        }
    }

    private static List<String> kinds(WebhookReceiver hook) {
        return hook.accepted().stream().map(r -> {
            try {
                JsonNode b = new ObjectMapper().readTree(r.bodyText());
                return b.get("kind").asText() + " " + b.get("monitor").get("name").asText() + (b.has("clear_reason") ? " " + b.get("clear_reason").asText() : "");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }

    @Test
    void tenThousandMonitorsApplyInOneRun() throws IOException {
        StringBuilder yaml = new StringBuilder("monitors:\n");
        for (int i = 0; i < 10_000; i++) {
            yaml.append("  - name: m").append(i).append("\n    host: 127.0.0.1\n    port: ").append(1 + i)
                    .append("\n    interval: 1h\n");
        }
        Path file = write("many.yaml", yaml.toString());

        Run run = cli.run("apply", "-f", file.toString(), "--json");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.json().get("created").asInt()).isEqualTo(10_000);
        assertThat(cli.run("monitor", "list", "--json").json().size()).isEqualTo(10_000);
        assertThat(cli.run("apply", "-f", file.toString()).out()).isEqualTo("0 created, 0 updated, 0 deleted, 10000 unchanged; nothing to do\n");
    }

    @Test
    void aFileLargerThanOneMessageIsCheckedAndAppliedInParts() throws IOException {
        StringBuilder blackouts = new StringBuilder("[");
        for (int d = 0; d < 32; d++) {
            blackouts.append(d == 0 ? "" : ", ").append("\"once 2027-01-").append(String.format("%02d", 1 + d % 28))
                    .append("T00:00:00Z/2027-02-01T00:0").append(d / 28).append(":00Z stop-alerting\"");
        }
        blackouts.append("]");
        StringBuilder yaml = new StringBuilder("monitors:\n");
        for (int i = 0; i < 1_000; i++) {
            yaml.append("  - name: big").append(i).append("\n    host: 127.0.0.1\n    port: 80\n    interval: 1h\n    blackouts: ")
                    .append(blackouts).append('\n');
        }
        assertThat(yaml.length()).as("more than the coordinator takes in one message").isGreaterThan(1024 * 1024);
        Path file = write("big.yaml", yaml.toString());

        Run run = cli.run("apply", "-f", file.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).endsWith("1000 created, 0 updated, 0 deleted, 0 unchanged\n");
        assertThat(cli.run("diff", "-f", file.toString()).out()).isEqualTo("no changes: 1000 monitors match the file\n");
    }

    private void create(String name, String... options) {
        List<String> args = new java.util.ArrayList<>(List.of("monitor", "create", "--name", name));
        args.addAll(List.of(options));
        Run run = cli.run(args.toArray(String[]::new));
        assertThat(run.exit()).as(run.toString()).isZero();
    }

    private List<String> names() {
        Run list = cli.run("monitor", "list", "--json");
        assertThat(list.exit()).as(list.toString()).isZero();
        return list.json().findValuesAsText("name");
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }
}

package dev.vantage.coordinator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vantage.coordinator.alert.WebhookReceiver;
import dev.vantage.coordinator.decide.RoundVerdict;
import dev.vantage.coordinator.decide.Verdict;
import dev.vantage.coordinator.testing.Cli;
import dev.vantage.testkit.OpenListener;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --alert-when} and {@code --retry-interval} end to end: a coordinator with a webhook channel,
 * real agents of two locations, and a loopback target that is opened and closed. Window rounds are
 * started with {@link dev.vantage.coordinator.Coordinator#runRoundNow} (the monitor's 1h interval
 * keeps the schedule out of the way); the retry interval is watched on the real schedule.
 */
class FailureRulesTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    private final WebhookReceiver hook = new WebhookReceiver();
    private Cluster cluster;
    private Cli cli;

    @BeforeEach
    void start() throws InterruptedException {
        cluster = new Cluster(dir, List.of("eu-west", "us-east"), hook.channelSettings("hook"));
        cli = cluster.cli();
        cluster.startAgent("eu-west");
        cluster.startAgent("us-east");
    }

    @AfterEach
    void stop() {
        cluster.close();
        hook.close();
    }

    private void create(String... args) {
        List<String> all = new ArrayList<>(List.of("monitor", "create", "--locations", "eu-west,us-east", "--timeout", "1s"));
        all.addAll(List.of(args));
        Cli.Run r = cli.run(all.toArray(String[]::new));
        assertThat(r.exit()).as(r.toString()).isZero();
    }

    private Verdict round(String monitor) {
        return cluster.round(monitor).verdict();
    }

    private JsonNode alerts() {
        return cli.run("alerts", "list", "--json").json();
    }

    private String state(String monitor) {
        JsonNode all = cli.run("status", "--json").json();
        return StreamSupport.stream(all.spliterator(), false).filter(s -> s.get("monitor").get("name").asText().equals(monitor))
                .findFirst().orElseThrow().get("state").asText();
    }

    @Test
    void alertWhenThreeOfFiveAlertsAtExactlyTheThirdErrorRoundInTheWindow() throws Exception {
        OpenListener target = OpenListener.start();
        int port = target.port();
        create("--name", "web", "--host", target.host(), "--port", Integer.toString(port), "--interval", "1h",
                "--alert-when", "3 of 5");
        JsonNode policy = cli.run("monitor", "show", "web", "--json").json().get("policy");
        assertThat(policy.get("alert_when").asText()).isEqualTo("3 of 5");
        assertThat(cli.run("monitor", "show", "web").out()).contains("alerts     when 3 of the latest 5 rounds are errors; at most 1 alert; clear: yes\n");

        target.close();
        RoundVerdict first = cluster.round("web");
        assertThat(first.verdict()).isEqualTo(Verdict.ERROR);                // error 1
        RoundVerdict second;
        try (OpenListener back = OpenListener.start(target.host(), port)) {
            second = cluster.round("web");
            assertThat(second.verdict()).isEqualTo(Verdict.OK);
        }
        assertThat(round("web")).isEqualTo(Verdict.ERROR);                 // error 2
        assertThat(state("web")).isEqualTo("WARNING");
        try (OpenListener back = OpenListener.start(target.host(), port)) {
            assertThat(round("web")).isEqualTo(Verdict.OK);
            assertThat(state("web")).isEqualTo("UP");
        }
        assertThat(alerts()).isEmpty();
        assertThat(hook.accepted()).isEmpty();

        assertThat(round("web")).isEqualTo(Verdict.ERROR);                 // error 3 of the latest 5 rounds

        JsonNode list = alerts();
        assertThat(list).hasSize(1);
        assertThat(list.get(0).get("kind").asText()).isEqualTo("OPEN");
        // The incident's first failure is the window's first error round, not the one that met the window.
        Instant firstFailure = Instant.parse(list.get(0).get("first_failure_at").asText());
        assertThat(firstFailure).isAfterOrEqualTo(first.dueAt().truncatedTo(ChronoUnit.MILLIS)).isBefore(second.dueAt());
        assertThat(state("web")).isEqualTo("DOWN");
        await().atMost(WAIT).untilAsserted(() -> assertThat(hook.accepted()).hasSize(1));
        assertThat(round("web")).isEqualTo(Verdict.ERROR);
        assertThat(alerts()).hasSize(1);
    }

    /**
     * Interval 25s, retry interval 10s, start-notify 3: the first error round is on the beat, the next two
     * follow 10s apart, the third opens the incident and the one after is on the beat again (5s later,
     * since the beat is every 25s from the first).
     */
    @Test
    void retryIntervalShortensTheRoundsWhileFailingAndTheBeatReturnsWhenTheIncidentOpens() throws Exception {
        int port;
        try (OpenListener closed = OpenListener.start()) {
            port = closed.port();
        }
        create("--name", "db", "--host", "127.0.0.1", "--port", Integer.toString(port), "--interval", "25s",
                "--retry-interval", "10s", "--start-notify", "3", "--mode", "global-notify");
        assertThat(cli.run("monitor", "show", "db").out())
                .contains("retry-interval  10s while a location fails and no incident is open (at most 10 rounds in a row)");

        List<Instant> due = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .until(() -> scheduledDueTimes("db", "eu-west"), d -> d.size() >= 4);

        assertThat(gaps(due.subList(0, 4))).containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(5));
        JsonNode list = alerts();
        assertThat(list).hasSize(1);
        assertThat(list.get(0).get("kind").asText()).isEqualTo("OPEN");
        assertThat(Instant.parse(list.get(0).get("raised_at").asText())).isBetween(due.get(2), due.get(3));
    }

    /**
     * "D in W" counts time, not rounds: rounds started back to back (each due when it starts) open the
     * incident at the first one due 2s or more after the first error round, whatever their number.
     */
    @Test
    void alertWhenTwoSecondsInAMinuteOpensOnceTheErrorRoundsSpanTwoSeconds() throws Exception {
        int port;
        try (OpenListener closed = OpenListener.start()) {
            port = closed.port();
        }
        create("--name", "api", "--host", "127.0.0.1", "--port", Integer.toString(port), "--interval", "1h",
                "--alert-when", "2s in 1m");

        List<Instant> due = new ArrayList<>();
        while (alerts().isEmpty()) {
            RoundVerdict v = cluster.round("api");
            assertThat(v.verdict()).isEqualTo(Verdict.ERROR);
            due.add(v.dueAt());
            assertThat(due).as("rounds within 2s of the first").hasSizeLessThan(500);
        }

        Instant first = due.get(0);
        assertThat(Duration.between(first, due.get(due.size() - 1))).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(Duration.between(first, due.get(due.size() - 2))).isLessThan(Duration.ofSeconds(2));
        assertThat(alerts().get(0).get("kind").asText()).isEqualTo("OPEN");
    }

    @Test
    void badOrConflictingSettingsNameTheFieldAndChangeNothing() {
        create("--name", "web", "--host", "127.0.0.1", "--port", "80", "--start-notify", "3");

        Cli.Run both = cli.run("monitor", "update", "web", "--alert-when", "3 of 5");
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err()).isEqualTo("error: alert-when: cannot be combined with --start-notify 3: both decide when the incident "
                + "opens; use --start-notify 1 with --alert-when, or --alert-when none\n");
        Cli.Run unreadable = cli.run("monitor", "update", "web", "--start-notify", "1", "--alert-when", "three of five");
        assertThat(unreadable.exit()).isEqualTo(2);
        assertThat(unreadable.err()).startsWith("error: alert-when: 'three of five' is not a window; write 'K of N'");
        Cli.Run tooFast = cli.run("monitor", "update", "web", "--retry-interval", "5s");
        assertThat(tooFast.exit()).isEqualTo(2);
        assertThat(tooFast.err()).isEqualTo("error: retry-interval: must be at least 10s, got 5s; or 0s for none\n");
        Cli.Run tooLong = cli.run("monitor", "update", "web", "--retry-interval", "10s", "--timeout", "4s");
        assertThat(tooLong.exit()).isEqualTo(2);
        assertThat(tooLong.err()).startsWith("error: retry-interval: a round can take up to 3 × 4s = 12s (first try, retry, verification), "
                + "which does not fit in the retry interval 10s;");
        JsonNode policy = cli.run("monitor", "show", "web", "--json").json().get("policy");
        assertThat(policy.get("start_notify").asInt()).isEqualTo(3);
        assertThat(policy.get("alert_when").asText()).isEmpty();
        assertThat(policy.get("retry_interval").asText()).isEmpty();

        assertThat(cli.run("monitor", "update", "web", "--start-notify", "1", "--alert-when", "2m in 10m", "--retry-interval", "15s")
                .exit()).isZero();
        policy = cli.run("monitor", "show", "web", "--json").json().get("policy");
        assertThat(policy.get("alert_when").asText()).isEqualTo("2m in 10m");
        assertThat(policy.get("retry_interval").asText()).isEqualTo("15s");
        assertThat(cli.run("monitor", "show", "web").out())
                .contains("alerts          when failing for 2m within the latest 10m; at most 1 alert; clear: yes\n")
                .contains("retry-interval  15s while a location fails and no incident is open (at most 10 rounds in a row)\n");
        assertThat(cli.run("monitor", "update", "web", "--alert-when", "none", "--retry-interval", "0s").exit()).isZero();
        policy = cli.run("monitor", "show", "web", "--json").json().get("policy");
        assertThat(policy.get("alert_when").asText()).isEmpty();
        assertThat(policy.get("retry_interval").asText()).isEmpty();
    }

    /** Due times of the location's scheduled probes that reached an agent, oldest first. */
    private List<Instant> scheduledDueTimes(String monitor, String location) {
        JsonNode results = cli.run("results", monitor, "--location", location, "--limit", "100", "--json").json();
        return StreamSupport.stream(results.spliterator(), false)
                .filter(r -> r.get("kind").asText().equals("scheduled") && r.get("status_code").asInt() != 90)
                .map(r -> Instant.parse(r.get("due_at").asText()))
                .sorted()
                .toList();
    }

    private static List<Duration> gaps(List<Instant> times) {
        List<Duration> out = new ArrayList<>();
        for (int i = 1; i < times.size(); i++) {
            out.add(Duration.between(times.get(i - 1), times.get(i)));
        }
        return out;
    }
}

package dev.vantage.coordinator.e2e;

import dev.vantage.coordinator.testing.Cli;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every bad monitor definition, through the CLI: exit 2, {@code error: FIELD: …}, nothing stored. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {
    private Cluster cluster;
    private Cli cli;

    @BeforeAll
    void start(@TempDir Path dir) {
        cluster = new Cluster(dir, List.of("eu-west", "us-east"));
        cli = cluster.cli();
        assertThat(cli.run("monitor", "create", "--name", "taken", "--host", "127.0.0.1", "--port", "80",
                "--interval", "60s", "--timeout", "10s").exit()).isZero();
    }

    @AfterAll
    void stop() {
        cluster.close();
    }

    static Stream<Arguments> badDefinitions() {
        return Stream.of(
                Arguments.of("empty host", "host", List.of("--host", "")),
                Arguments.of("invalid host", "host", List.of("--host", "bad_host!.example")),
                Arguments.of("host label over 63", "host", List.of("--host", "a".repeat(64) + ".example")),
                Arguments.of("host label starting with '-'", "host", List.of("--host", "-web.example")),
                Arguments.of("host ending in digits", "host", List.of("--host", "10.0.0.300")),
                Arguments.of("host with a control character", "host", List.of("--host", "web\u001b[31m.example")),
                Arguments.of("host of 254 characters", "host", List.of("--host", "a.".repeat(127))),
                Arguments.of("name too long", "name", List.of("--name", "n".repeat(64))),
                Arguments.of("port 0", "port", List.of("--port", "0")),
                Arguments.of("port 65536", "port", List.of("--port", "65536")),
                Arguments.of("port not a number (caught by the CLI)", "port", List.of("--port", "eighty")),
                Arguments.of("interval under 10s", "interval", List.of("--interval", "5s")),
                Arguments.of("interval over 24h", "interval", List.of("--interval", "25h")),
                Arguments.of("interval not a duration", "interval", List.of("--interval", "soon")),
                Arguments.of("timeout under 1s", "timeout", List.of("--timeout", "500ms")),
                Arguments.of("timeout over 120s", "timeout", List.of("--timeout", "121s", "--interval", "10m")),
                Arguments.of("timeout not below interval", "timeout", List.of("--timeout", "30s", "--interval", "30s")),
                Arguments.of("unknown location", "locations", List.of("--locations", "eu-west,mars-north")),
                Arguments.of("65 locations", "locations", List.of("--locations", String.join(",", Collections.nCopies(65, "eu-west")))),
                Arguments.of("blackout over 200 characters", "blackout", List.of("--blackout", "weekly sun 02:00-04:00 UTC " + "x".repeat(200))),
                Arguments.of("33 blackouts", "blackout", thirtyThreeBlackouts()),
                Arguments.of("duplicate name", "name", List.of("--name", "taken")));
    }

    private static List<String> thirtyThreeBlackouts() {
        List<String> args = new ArrayList<>();
        for (int i = 0; i < 33; i++) {
            args.add("--blackout");
            args.add("weekly sun 02:00-04:00 UTC stop-alerting");
        }
        return args;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badDefinitions")
    void isRejectedWithTheFieldNamedAndNothingStored(String what, String field, List<String> override) {
        List<String> args = new ArrayList<>(List.of("monitor", "create"));
        List<String> defaults = List.of("--name", "fresh", "--host", "127.0.0.1", "--port", "80", "--interval", "60s", "--timeout", "10s");
        for (int i = 0; i < defaults.size(); i += 2) {
            if (!override.contains(defaults.get(i))) {
                args.add(defaults.get(i));
                args.add(defaults.get(i + 1));
            }
        }
        args.addAll(override);

        Cli.Run run = cli.run(args.toArray(String[]::new));

        assertThat(run.exit()).as(what).isEqualTo(2);
        assertThat(run.err()).as(what).startsWith("error: " + field + ": ").doesNotContain("\u001b");
        assertThat(cli.run("monitor", "list", "--json").json()).as(what).hasSize(1);
    }

    /** The same bad values applied to an existing monitor (renaming it to its own name is no conflict). */
    static Stream<Arguments> badUpdates() {
        return badDefinitions().filter(a -> !a.get()[1].equals("name"));
    }

    @ParameterizedTest(name = "update: {0}")
    @MethodSource("badUpdates")
    void isRejectedOnUpdateTooAndTheMonitorIsUnchanged(String what, String field, List<String> override) {
        List<String> args = new ArrayList<>(List.of("monitor", "update", "taken"));
        args.addAll(override);
        String before = cli.run("monitor", "show", "taken", "--json").out();

        Cli.Run run = cli.run(args.toArray(String[]::new));

        assertThat(run.exit()).as(what).isEqualTo(2);
        assertThat(run.err()).as(what).startsWith("error: " + field + ": ").doesNotContain("\u001b");
        assertThat(cli.run("monitor", "show", "taken", "--json").out()).isEqualTo(before);
    }

    @Test
    void aHugeHostIsAnsweredWithItsLengthNotEchoed() {
        Cli.Run run = cli.run("monitor", "create", "--name", "huge", "--host", "h".repeat(100_000), "--port", "80");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("error: host: 100000 characters is longer than the limit of 253\n");
        assertThat(cli.run("monitor", "list", "--json").json()).hasSize(1);
    }

    @Test
    void aHugeNameIsAnsweredWithItsLengthNotEchoed() {
        Cli.Run run = cli.run("monitor", "create", "--name", "n".repeat(100_000), "--host", "127.0.0.1", "--port", "80");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("error: name: 100000 characters is longer than the limit of 63\n");
        assertThat(cli.run("monitor", "list", "--json").json()).hasSize(1);
    }

    @Test
    void aControlCharacterInTheHostIsShownEscaped() {
        Cli.Run run = cli.run("monitor", "create", "--name", "esc", "--host", "web\u001b[2J.example", "--port", "80");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).startsWith("error: host: 'web\\u001b[2J.example' is neither").doesNotContain("\u001b");
    }

    @Test
    void aHugeMonitorReferenceIsRefusedByLength() {
        Cli.Run run = cli.run("monitor", "show", "m".repeat(100_000));

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("error: monitor: 100000 characters is longer than the limit of 253\n");
    }

    @Test
    void aResultLimitAboveTheMaximumIsRefused() {
        Cli.Run run = cli.run("results", "taken", "--limit", "10001");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).startsWith("error: limit: 10001 is more than the limit of 10000");
    }

    @Test
    void anInternationalisedHostIsStoredInItsAsciiForm() {
        Cli.Run run = cli.run("monitor", "create", "--name", "idn", "--host", "bücher.example.", "--port", "80", "--json");

        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(cli.run("monitor", "show", "idn", "--json").json().get("host").asText()).isEqualTo("xn--bcher-kva.example");
        assertThat(cli.run("monitor", "delete", "idn").exit()).isZero();
    }
}

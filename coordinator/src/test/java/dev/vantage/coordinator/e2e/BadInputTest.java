package dev.vantage.coordinator.e2e;

import dev.vantage.coordinator.testing.Cli;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every bad monitor definition, through the CLI: non-zero exit, the field named, nothing stored. */
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
                Arguments.of("port 0", "port", List.of("--port", "0")),
                Arguments.of("port 65536", "port", List.of("--port", "65536")),
                Arguments.of("interval under 10s", "interval", List.of("--interval", "5s")),
                Arguments.of("interval over 24h", "interval", List.of("--interval", "25h")),
                Arguments.of("interval not a duration", "interval", List.of("--interval", "soon")),
                Arguments.of("timeout under 1s", "timeout", List.of("--timeout", "500ms")),
                Arguments.of("timeout over 120s", "timeout", List.of("--timeout", "121s", "--interval", "10m")),
                Arguments.of("timeout not below interval", "timeout", List.of("--timeout", "30s", "--interval", "30s")),
                Arguments.of("unknown location", "locations", List.of("--locations", "eu-west,mars-north")),
                Arguments.of("duplicate name", "name", List.of("--name", "taken")));
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

        assertThat(run.exit()).as(what).isNotZero();
        assertThat(run.err()).as(what).contains(field);
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

        assertThat(run.exit()).as(what).isNotZero();
        assertThat(run.err()).as(what).contains(field);
        assertThat(cli.run("monitor", "show", "taken", "--json").out()).isEqualTo(before);
    }
}

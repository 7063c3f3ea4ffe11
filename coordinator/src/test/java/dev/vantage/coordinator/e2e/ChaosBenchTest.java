package dev.vantage.coordinator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vantage.coordinator.cli.VantageCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * `vantage bench chaos` as a user runs it: real coordinator and agent JVMs, killed for real, counted from the
 * store. The figures depend on how well results survive a crash (today: some are lost), so the test asserts
 * what must hold whatever they are: the keys, the identity of the count, the alerts of the DOWN monitors,
 * an exit code that says whether anything was lost or doubled, and that no process and no schema is left.
 */
class ChaosBenchTest {
    private static final Path LAUNCHER = Path.of("..", "bin", "vantage").toAbsolutePath().normalize();
    private static final String PG_URL = System.getenv().getOrDefault("VANTAGE_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    private static final String PG_USER = System.getenv().getOrDefault("VANTAGE_TEST_PG_USER", "postgres");
    private static final String PG_PASSWORD = System.getenv().getOrDefault("VANTAGE_TEST_PG_PASSWORD", "");

    private record Run(int exit, String out, String err) {
        JsonNode json() throws Exception {
            return new ObjectMapper().readTree(out);
        }
    }

    @Test
    void aCoordinatorKilledAndRestartedOnSqliteLeavesEveryDueRoundCounted() throws Exception {
        Run run = vantage("bench", "chaos", "--monitors", "20", "--locations", "2", "--interval", "2s", "--duration", "20s",
                "--kill-coordinator", "1", "--seed", "11", "--json");

        JsonNode j = run.json();
        assertAddsUp(run, j);
        assertThat(j.get("kills")).singleElement().satisfies(k -> {
            assertThat(k.get("victim").asText()).isEqualTo("coordinator");
            assertThat(k.get("serving_after_ms").asLong()).isPositive();
        });
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)).as("processes left behind").isEmpty();
    }

    @Test
    void aHotStandbyOnPostgresqlTakesOverAndAnAgentKilledComesBack() throws Exception {
        String url = PG_URL + "?user=" + PG_USER + (PG_PASSWORD.isEmpty() ? "" : "&password=" + PG_PASSWORD);

        Run run = vantage("bench", "chaos", "--monitors", "20", "--locations", "2", "--interval", "2s", "--duration", "20s",
                "--kill-coordinator", "1", "--kill-agent", "1", "--standby", "--store-url", url, "--seed", "5", "--json");

        JsonNode j = run.json();
        assertAddsUp(run, j);
        assertThat(j.get("standby").asBoolean()).isTrue();
        assertThat(j.get("kills")).hasSize(2)
                .anySatisfy(k -> {
                    assertThat(k.get("victim").asText()).isEqualTo("coordinator");
                    assertThat(k.get("serving_after_ms").asLong()).as("takeover").isBetween(1L, 60_000L);
                })
                .anySatisfy(k -> assertThat(k.get("victim").asText()).isEqualTo("agent"));
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)).as("processes left behind").isEmpty();
        try (Connection c = DriverManager.getConnection(url);
             ResultSet r = c.createStatement().executeQuery("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'vantage_chaos_%'")) {
            r.next();
            assertThat(r.getInt(1)).as("chaos schemas left behind").isZero();
        }
    }

    @Test
    void ctrlCStopsEveryProcessOfTheRunAndRemovesItsFolder(@TempDir Path tmp) throws Exception {
        Path runs = Files.createDirectory(tmp.resolve("runs"));
        ProcessBuilder builder = new ProcessBuilder(LAUNCHER.toString(), "bench", "chaos", "--monitors", "5", "--locations", "1",
                "--interval", "2s", "--duration", "5m", "--kill-coordinator", "0")
                .redirectOutput(tmp.resolve("out").toFile())
                .redirectError(tmp.resolve("err").toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("VANTAGE_"));
        builder.environment().put("VANTAGE_CLASSPATH", System.getProperty("java.class.path"));
        builder.environment().put("VANTAGE_JAVA_OPTS", "-Djava.io.tmpdir=" + runs);
        Process bench = builder.start();
        try {
            await().atMost(Duration.ofMinutes(2)).until(() -> Files.readString(tmp.resolve("err")).contains("measuring"));
            List<ProcessHandle> children = bench.toHandle().descendants().toList();
            assertThat(children).as("a coordinator and an agent").hasSize(2);
            assertThat(runFolders(runs)).hasSize(1);

            assertThat(new ProcessBuilder("kill", "-INT", String.valueOf(bench.pid())).start().waitFor()).isZero();

            assertThat(bench.waitFor(60, TimeUnit.SECONDS)).as("bench chaos ended").isTrue();
            assertThat(bench.exitValue()).isEqualTo(130);
            assertThat(children).noneMatch(ProcessHandle::isAlive);
            assertThat(runFolders(runs)).isEmpty();
        } finally {
            bench.descendants().forEach(ProcessHandle::destroyForcibly);
            bench.destroyForcibly();
        }
    }

    @Test
    void badSettingsNameTheOptionAndExit2() {
        Run interval = vantage("bench", "chaos", "--interval", "500ms");
        assertThat(interval.exit()).isEqualTo(2);
        assertThat(interval.err()).startsWith("error: interval: must be at least 1s, got 500ms;");

        Run sqlite = vantage("bench", "chaos", "--store-url", "jdbc:sqlite:/tmp/x.db");
        assertThat(sqlite.exit()).isEqualTo(2);
        assertThat(sqlite.err()).startsWith("error: store-url: must be jdbc:postgresql://HOST:PORT/DB");

        Run unreachable = vantage("bench", "chaos", "--store-url", "jdbc:postgresql://127.0.0.1:1/test?user=u&password=hunter2");
        assertThat(unreachable.exit()).isEqualTo(2);
        assertThat(unreachable.err()).startsWith("error: store-url: cannot create a schema in jdbc:postgresql://127.0.0.1:1/test?user=u&password=***: ")
                .doesNotContain("hunter2");

        Run kills = vantage("bench", "chaos", "--kill-coordinator", "-1");
        assertThat(kills.exit()).isEqualTo(2);
        assertThat(kills.err()).startsWith("error: kill-coordinator: must be at least 0, got -1;");
    }

    /** 20 monitors x 2 locations at 2 s for 20 s: 10 due times each, 400 due rounds; monitors 10 and 20 are DOWN. */
    private static void assertAddsUp(Run run, JsonNode j) {
        assertThat(j.fieldNames()).toIterable().as(run.err()).contains("due", "stored", "missing", "duplicated", "gap_rounds",
                "first_tries", "alerts_expected", "alerts_raised", "kills");
        long due = j.get("due").asLong();
        long firstTries = j.get("first_tries").asLong();
        long missing = j.get("missing").asLong();
        long gapRounds = j.get("gap_rounds").asLong();
        assertThat(due).isEqualTo(400);
        assertThat(firstTries).as("a round before the kill was stored").isPositive();
        assertThat(due).as("due == first tries + missing + gap rounds").isEqualTo(firstTries + missing + gapRounds);
        assertThat(j.get("stored").asLong()).isGreaterThanOrEqualTo(firstTries);
        assertThat(j.get("alerts_expected").asLong()).isEqualTo(2);
        assertThat(j.get("alerts_raised").asLong()).as("one OPEN per DOWN monitor, none re-opened by the kill").isEqualTo(2);
        boolean clean = missing == 0 && j.get("duplicated").asLong() == 0;
        assertThat(run.exit()).as(run.err()).isEqualTo(clean ? 0 : 1);
    }

    /** The run's temp folders (the JDBC driver unpacks its native library beside them). */
    private static List<Path> runFolders(Path tmp) throws IOException {
        try (Stream<Path> all = Files.list(tmp)) {
            return all.filter(p -> p.getFileName().toString().startsWith("vantage-bench-chaos-")).toList();
        }
    }

    private static Run vantage(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = VantageCli.commandLine(new VantageCli(Clock.systemUTC(), Map.of()));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }
}

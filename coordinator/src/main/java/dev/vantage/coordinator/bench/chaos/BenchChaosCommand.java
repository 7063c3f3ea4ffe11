package dev.vantage.coordinator.bench.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vantage.common.text.Redaction;
import dev.vantage.common.time.Durations;
import dev.vantage.coordinator.bench.chaos.ChaosCount.Tally;
import dev.vantage.coordinator.bench.chaos.ChaosRun.Outcome;
import dev.vantage.coordinator.bench.chaos.ChaosRun.Recovery;
import dev.vantage.coordinator.bench.chaos.ChaosRun.Settings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Duration;
import dev.vantage.coordinator.bench.chaos.ChaosPlan.Victim;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** `vantage bench chaos`: real coordinator and agent processes killed at random moments; what the store holds afterwards. */
@Command(name = "chaos", mixinStandardHelpOptions = true,
        description = {"Runs REAL coordinator and agent processes (one agent per location) against loopback targets, SIGKILLs",
                "the coordinator (and agents) at seeded random moments, restarting them at once (--standby: a hot standby",
                "takes over instead), then counts the store: rounds due, results stored, missing (not counting recorded",
                "gaps), duplicated, gap rounds, alerts expected and raised, and how long each recovery took.",
                "One monitor in " + ChaosRun.DOWN_EVERY + " targets a refusing port, so each of those must raise exactly one OPEN.",
                "Exit code: 0 nothing missing or duplicated, 1 otherwise, 2 bad usage, 5 the run could not go on."})
public final class BenchChaosCommand implements Callable<Integer> {
    /** As ExitCodes.FAILED (the cli package depends on bench, not the other way round). */
    private static final int FAILED = 5;

    @Spec
    CommandSpec spec;

    @Option(names = "--monitors", defaultValue = "300", description = "Monitors defined (default ${DEFAULT-VALUE}).")
    int monitors;

    @Option(names = "--locations", defaultValue = "3", description = "Locations, one agent process each (default ${DEFAULT-VALUE}).")
    int locations;

    @Option(names = "--interval", defaultValue = "10s", description = "Monitor interval (default ${DEFAULT-VALUE}); the timeout is a quarter of it, at most 5s.")
    String interval;

    @Option(names = "--duration", defaultValue = "3m", description = "The measured window (default ${DEFAULT-VALUE}).")
    String duration;

    @Option(names = "--kill-coordinator", defaultValue = "4", paramLabel = "K", description = "SIGKILLs of the active coordinator (default ${DEFAULT-VALUE}).")
    int coordinatorKills;

    @Option(names = "--kill-agent", defaultValue = "0", paramLabel = "K", description = "SIGKILLs of an agent, restarted at once (default ${DEFAULT-VALUE}).")
    int agentKills;

    @Option(names = "--standby", description = "Run a hot standby coordinator that takes over on each kill (the killed one comes back as the standby).")
    boolean standby;

    @Option(names = "--store-url", paramLabel = "URL", description = "jdbc:postgresql://HOST:PORT/DB[?user=..&password=..]: run in a fresh schema there, "
            + "dropped afterwards (default: a fresh SQLite file in a temp dir).")
    String storeUrl;

    @Option(names = "--seed", description = "Seed of the kill moments and victims (default: random, printed).")
    Long seed;

    @Option(names = "--json", description = "Print one JSON object instead of the table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Settings settings = settings();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path dir = Files.createTempDirectory("vantage-bench-chaos-");
        Teardown teardown = new Teardown();
        Thread hook = new Thread(teardown::close, "bench-chaos-teardown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            AutoCloseable removeDir = teardown.add(() -> deleteTree(dir));
            ChaosStore store = teardown.add(storeUrl == null ? ChaosStore.sqlite(dir) : postgres());
            String where = store.schema().map(s -> "PostgreSQL " + Redaction.url(storeUrl) + ", schema " + s)
                    .orElse("SQLite " + dir.resolve("chaos.db"));
            err.printf("bench chaos: %d monitors x %d locations @%s (timeout %s), %s measured, coordinator killed %d time(s)%s, "
                            + "agents killed %d time(s), seed %d, store %s%n", settings.monitors(), settings.locations(),
                    Durations.format(settings.interval()), Durations.format(settings.timeout()), Durations.format(settings.duration()),
                    settings.coordinatorKills(), standby ? " (hot standby takes over)" : " (restarted at once)", settings.agentKills(),
                    settings.seed(), where);
            err.flush();
            Outcome outcome;
            try {
                outcome = ChaosRun.run(settings, store, dir, teardown, line -> {
                    err.println("  " + line);
                    err.flush();
                });
            } catch (ChaosRun.ChaosFailure e) {
                err.println("error: " + e.getMessage());
                err.println("the run's logs are kept in " + dir);
                err.flush();
                teardown.keep(removeDir);
                return FAILED;
            }
            if (json) {
                out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(json(settings, outcome)));
            } else {
                table(out, outcome);
            }
            out.flush();
            Tally t = outcome.tally();
            return t.missing() == 0 && t.duplicated() == 0 ? 0 : 1;
        } finally {
            teardown.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutting down already: the hook runs the (now empty) teardown
            }
        }
    }

    private Settings settings() {
        Duration every = duration("--interval", interval);
        Duration span = duration("--duration", duration);
        atLeast("--monitors", monitors, 1, "e.g. --monitors 300");
        atLeast("--locations", locations, 1, "e.g. --locations 3");
        atLeast("--kill-coordinator", coordinatorKills, 0, "0 runs without coordinator kills");
        atLeast("--kill-agent", agentKills, 0, "0 runs without agent kills");
        if (every.compareTo(Duration.ofSeconds(1)) < 0) {
            throw usage("--interval: must be at least 1s, got " + Durations.format(every) + "; e.g. --interval 10s");
        }
        if (span.compareTo(every.multipliedBy(2)) < 0) {
            throw usage("--duration: must be at least two intervals (" + Durations.format(every.multipliedBy(2)) + "), got "
                    + Durations.format(span) + "; raise --duration or lower --interval");
        }
        if (storeUrl != null && !storeUrl.startsWith("jdbc:postgresql:")) {
            throw usage("--store-url: must be jdbc:postgresql://HOST:PORT/DB, got '" + Redaction.url(storeUrl)
                    + "'; leave it out for a fresh SQLite file");
        }
        long s = seed != null ? seed : new SecureRandom().nextLong() >>> 1;
        return new Settings(monitors, locations, every, span, coordinatorKills, agentKills, standby, s);
    }

    private ChaosStore postgres() {
        try {
            return ChaosStore.postgres(storeUrl);
        } catch (SQLException e) {
            throw usage("--store-url: cannot create a schema in " + Redaction.url(storeUrl) + ": " + e.getMessage()
                    + "; check the address, the database and the user (?user=...&password=...)");
        }
    }

    private Duration duration(String option, String text) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw usage(option + ": " + e.getMessage());
        }
    }

    private void atLeast(String option, int value, int min, String hint) {
        if (value < min) {
            throw usage(option + ": must be at least " + min + ", got " + value + "; " + hint);
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    static void table(PrintWriter out, Outcome o) {
        Tally t = o.tally();
        row(out, "rounds due", t.due());
        row(out, "results stored", t.stored());
        row(out, "  first tries", t.firstTries());
        row(out, "  late (catch-up)", t.late());
        row(out, "  no agent available", t.noAgent());
        row(out, "missing", t.missing());
        row(out, "duplicated", t.duplicated());
        row(out, "gap rounds", t.gapRounds());
        row(out, "off schedule", t.offSchedule());
        row(out, "job ids repeated", t.repeatedJobIds());
        row(out, "alerts expected (open)", o.alertsExpected());
        row(out, "alerts raised (open)", o.alerts().open());
        row(out, "alerts raised (clear)", o.alerts().clear());
        for (Victim v : Victim.values()) {
            List<Recovery> kills = o.recoveries().stream().filter(r -> r.victim() == v).toList();
            row(out, v.word() + " kills", kills.size());
            if (v == Victim.COORDINATOR && !kills.isEmpty()) {
                seconds(out, "  serving again after", kills, Recovery::servingAfterMillis);
            }
            if (!kills.isEmpty()) {
                seconds(out, "  all agents back after", kills, Recovery::agentsBackAfterMillis);
            }
        }
        out.printf("due = first tries + missing + gap rounds: %d = %d + %d + %d%n", t.due(), t.firstTries(), t.missing(), t.gapRounds());
    }

    /** One figure per kill, in seconds, in the order of the kills. */
    private static void seconds(PrintWriter out, String label, List<Recovery> kills, ToLongFunction<Recovery> millis) {
        out.printf("%-24s %s s%n", label, kills.stream().map(r -> String.format("%.1f", millis.applyAsLong(r) / 1000.0))
                .collect(Collectors.joining(" ")));
    }

    private static void row(PrintWriter out, String label, long value) {
        out.printf("%-24s %10d%n", label, value);
    }

    static ObjectNode json(Settings s, Outcome o) {
        ObjectMapper mapper = new ObjectMapper();
        Tally t = o.tally();
        ObjectNode n = mapper.createObjectNode();
        n.put("monitors", s.monitors());
        n.put("locations", s.locations());
        n.put("interval_ms", s.interval().toMillis());
        n.put("duration_ms", s.duration().toMillis());
        n.put("standby", s.standby());
        n.put("seed", s.seed());
        n.put("due", t.due());
        n.put("stored", t.stored());
        n.put("first_tries", t.firstTries());
        n.put("late", t.late());
        n.put("no_agent", t.noAgent());
        n.put("missing", t.missing());
        n.put("duplicated", t.duplicated());
        n.put("gap_rounds", t.gapRounds());
        n.put("off_schedule", t.offSchedule());
        n.put("job_ids_repeated", t.repeatedJobIds());
        n.put("alerts_expected", o.alertsExpected());
        n.put("alerts_raised", o.alerts().open());
        n.put("alerts_reminders", o.alerts().reminders());
        n.put("alerts_cleared", o.alerts().clear());
        ArrayNode kills = n.putArray("kills");
        for (Recovery r : o.recoveries()) {
            ObjectNode k = kills.addObject();
            k.put("victim", r.victim().word());
            k.put("at_ms", r.atMillis());
            if (r.servingAfterMillis() >= 0) {
                k.put("serving_after_ms", r.servingAfterMillis());
            }
            k.put("agents_back_after_ms", r.agentsBackAfterMillis());
        }
        return n;
    }

    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp folder left behind is harmless
        }
    }
}

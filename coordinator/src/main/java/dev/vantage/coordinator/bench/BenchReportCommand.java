package dev.vantage.coordinator.bench;

import dev.vantage.common.model.FailureReason;
import dev.vantage.common.model.Monitor;
import dev.vantage.common.model.MonitorSpec;
import dev.vantage.common.model.ProbeOutcome;
import dev.vantage.common.model.ProbeResult;
import dev.vantage.common.model.ResultKind;
import dev.vantage.coordinator.report.AvailabilityReport;
import dev.vantage.coordinator.report.Reports;
import dev.vantage.coordinator.store.ConnectHistogram;
import dev.vantage.coordinator.store.RollupPass;
import dev.vantage.coordinator.store.Store;
import dev.vantage.coordinator.store.StoreConfig;
import dev.vantage.coordinator.store.StoreFactory;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * `vantage bench report`: how long an availability report takes over a real store filled with D days of
 * 10-second results of N monitors x L locations, read from the results alone and then from hourly rollups
 * (whole hours) plus results (the partial edges), and what building the rollups cost. Checks on the way that
 * both give the same figures.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Fills a SQLite store in a temp dir (or --store) with D days of 10-second results of N monitors x L locations;",
                "times `report NAME` and `report --all` over the D days from results alone, builds the hourly rollups (timed),",
                "and times the same reports from rollups. The figures must agree (percentiles within 1 %%): exit 1 if not."})
public final class BenchReportCommand implements Callable<Integer> {
    private static final Duration INTERVAL = Duration.ofSeconds(10);
    private static final int BATCH = 20_000;

    @Spec
    CommandSpec spec;

    @Option(names = "--monitors", paramLabel = "N", defaultValue = "10", description = "Monitors (default ${DEFAULT-VALUE}).")
    int monitors;

    @Option(names = "--locations", paramLabel = "L", defaultValue = "3", description = "Locations per monitor (default ${DEFAULT-VALUE}).")
    int locations;

    @Option(names = "--days", paramLabel = "D", defaultValue = "30", description = "Days of results, and the report period (default ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--store", paramLabel = "URL", description = "JDBC URL of an EMPTY store to fill instead of a temp SQLite file (PostgreSQL: user and"
            + " password in the URL).")
    String storeUrl;

    @Override
    public Integer call() throws Exception {
        requirePositive("--monitors", monitors);
        requirePositive("--locations", locations);
        requirePositive("--days", days);
        try (BenchDir dir = new BenchDir("vantage-bench-report-");
             Store store = StoreFactory.open(StoreConfig.of(storeUrl == null ? "jdbc:sqlite:" + dir.resolve("vantage.db") : storeUrl))) {
            if (!store.listMonitors().isEmpty()) {
                throw new ParameterException(spec.commandLine(), "--store: the store has monitors; give an empty one");
            }
            // The period ends mid-hour, as a report run at a random time does: both edges are partial hours.
            PrintWriter out = spec.commandLine().getOut();
            Instant until = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            Instant since = until.minus(Duration.ofDays(days));
            out.printf("bench report: %d monitors x %d locations x %d days of %ds results; %s%n", monitors, locations, days,
                    INTERVAL.toSeconds(), storeUrl == null ? "SQLite in a temp dir" : "store " + store);
            out.println(Machine.describe());

            long t0 = System.nanoTime();
            List<Monitor> all = fill(store, since, until);
            double fillSeconds = seconds(t0);
            long results = (long) monitors * locations * (Duration.between(since, until).toMillis() / INTERVAL.toMillis());
            out.printf("filled: %,d results in %.0f s (%,.0f/s); store %,d MiB%n", results, fillSeconds, results / fillSeconds,
                    store.sizeOnDiskBytes() >> 20);

            Reports reports = new Reports(store);
            Timed raw = time(reports, all, since, until);

            t0 = System.nanoTime();
            RollupPass pass = store.rollUpResults(until, Integer.MAX_VALUE);
            double buildSeconds = seconds(t0);
            out.printf("rollups built: %d hours, %,d monitor-hours in %.1f s (%.2f ms per monitor-hour, %,.0f results/s);"
                            + " store %,d MiB%n", pass.hours(), pass.monitorHours(), buildSeconds, 1000 * buildSeconds / pass.monitorHours(),
                    results / buildSeconds, store.sizeOnDiskBytes() >> 20);

            Timed rolled = time(reports, all, since, until);
            out.printf("%-24s %14s %14s%n", "report", "results_ms", "rollups_ms");
            out.printf("%-24s %14.0f %14.0f%n", "one monitor (median of 3)", raw.oneMillis(), rolled.oneMillis());
            out.printf("%-24s %14.0f %14.0f%n", "--all (" + monitors + " monitors)", raw.allMillis(), rolled.allMillis());
            String differences = compare(raw.reports(), rolled.reports());
            out.println(differences.isEmpty()
                    ? String.format("figures: equal; percentiles within %.2f %%", 100 * ConnectHistogram.RELATIVE_ERROR)
                    : "figures DIFFER:" + differences);
            out.flush();
            return differences.isEmpty() ? 0 : 1;
        }
    }

    private void requirePositive(String option, int value) {
        if (value < 1) {
            throw new ParameterException(spec.commandLine(), option + ": must be at least 1, was " + value);
        }
    }

    /**
     * Monitors with rounds every 10 s over [since, until); each result starts 0-2 s after its round is due.
     * One result in 200 is refused, one in 500 finds no agent; connect times are log-normal around 2 ms.
     */
    private List<Monitor> fill(Store store, Instant since, Instant until) {
        List<String> names = IntStream.rangeClosed(1, locations).mapToObj(i -> "loc-" + i).toList();
        List<MonitorSpec> specs = IntStream.rangeClosed(1, monitors)
                .mapToObj(i -> new MonitorSpec("bench-" + i, "127.0.0.1", 9, INTERVAL, Duration.ofSeconds(5), names)).toList();
        List<Monitor> created = store.createMonitors(specs, since);
        Random random = new Random(42);
        List<ProbeResult> batch = new ArrayList<>(BATCH);
        long job = 1;
        for (Instant due = since; due.isBefore(until); due = due.plus(INTERVAL)) {
            for (Monitor m : created) {
                for (String location : names) {
                    Instant started = due.plusMillis(random.nextInt(2_000));
                    int dice = random.nextInt(1_000);
                    ProbeOutcome outcome = dice < 5 ? ProbeOutcome.failed(FailureReason.REFUSED, "127.0.0.1:9", started, "connection refused")
                            : dice < 7 ? ProbeOutcome.noAgent(started, "no agent of " + location)
                            : ProbeOutcome.connected((long) (2_000_000 * Math.exp(0.5 * random.nextGaussian())), "127.0.0.1:9", started);
                    batch.add(new ProbeResult(job++, m.id(), location, "bench-agent", ResultKind.SCHEDULED, due, outcome));
                    if (batch.size() == BATCH) {
                        store.insertResults(batch);
                        batch.clear();
                    }
                }
            }
        }
        store.insertResults(batch);
        return created;
    }

    private record Timed(double oneMillis, double allMillis, List<AvailabilityReport> reports) {
    }

    private static Timed time(Reports reports, List<Monitor> all, Instant since, Instant until) {
        double[] one = new double[3];
        for (int i = 0; i < one.length; i++) {
            long t0 = System.nanoTime();
            reports.of(all.get(0), since, until);
            one[i] = seconds(t0) * 1000;
        }
        Arrays.sort(one);
        long t0 = System.nanoTime();
        List<AvailabilityReport> every = all.stream().map(m -> reports.of(m, since, until)).toList();
        return new Timed(one[1], seconds(t0) * 1000, every);
    }

    /** What differs between the reports from results and from rollups, beyond the percentiles' stated error; empty if nothing. */
    private static String compare(List<AvailabilityReport> raw, List<AvailabilityReport> rolled) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < raw.size(); i++) {
            AvailabilityReport a = raw.get(i);
            AvailabilityReport b = rolled.get(i);
            if (a.rounds() != b.rounds() || a.downRounds() != b.downRounds() || a.noAgentRounds() != b.noAgentRounds()
                    || !a.unmonitored().equals(b.unmonitored()) || !a.uptimePercent().equals(b.uptimePercent())) {
                out.append(' ').append(a.monitor()).append(" rounds");
            }
            for (int l = 0; l < a.locations().size(); l++) {
                AvailabilityReport.LocationReport x = a.locations().get(l);
                AvailabilityReport.LocationReport y = b.locations().get(l);
                if (x.connected() != y.connected() || x.failed() != y.failed() || x.noAgent() != y.noAgent()
                        || x.connectTime().isPresent() != y.connectTime().isPresent()
                        || x.connectTime().isPresent() && !close(x.connectTime().get(), y.connectTime().get())) {
                    out.append(' ').append(a.monitor()).append('/').append(x.location());
                }
            }
        }
        return out.toString();
    }

    private static boolean close(AvailabilityReport.Percentiles exact, AvailabilityReport.Percentiles approximate) {
        return close(exact.p50Nanos(), approximate.p50Nanos()) && close(exact.p95Nanos(), approximate.p95Nanos())
                && close(exact.p99Nanos(), approximate.p99Nanos());
    }

    private static boolean close(long exact, long approximate) {
        return Math.abs(approximate - exact) <= ConnectHistogram.RELATIVE_ERROR * exact + 1;
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
